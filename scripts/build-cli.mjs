import { buildCli } from './build-lib.mjs';

try {
  await import('esbuild');
} catch {
  // An install without dev dependencies (npm ci --omit=dev) has no esbuild: qpy then runs its sources through tsx.
  console.log('qpy: esbuild is not installed, so the CLI is not prebuilt; it runs from its TypeScript sources.');
  process.exit(0);
}
await buildCli();
console.log('Built the qpy CLI into dist-cli/ (bin/qpy.mjs runs it)');
