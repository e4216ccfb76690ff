import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of QPY Studio's package.json, found upward from this file: it holds the sources (electron/cli/…) or
 * the built CLI (dist-cli/…), at different depths.
 */
export const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('QPY Studio package.json not found above the CLI: is the installation complete?');
};
