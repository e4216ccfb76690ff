// Worker entry: lets the TypeScript worker run under plain Node, tsx, vitest and the CLI.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
