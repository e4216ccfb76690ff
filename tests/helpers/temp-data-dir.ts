import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Every test file gets its own data folder: the backend and every CLI the tests spawn (they inherit this
// environment) keep profiles and the probe cache there, never in the user's real one (data-dir.ts refuses it).
const dataDir = mkdtempSync(join(tmpdir(), 'qpy-test-data-'));
process.env.QPY_DATA_DIR = dataDir;
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
