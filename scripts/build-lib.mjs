import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const newestMtime = (dir) => {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
};

/** Builds the renderer when dist/renderer is missing or older than its sources. */
export const ensureRendererBuilt = async () => {
  const index = join(root, 'dist/renderer/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(root, 'renderer')),
    newestMtime(join(root, 'shared')),
    newestMtime(join(root, 'assets')),
  );
  if (built >= sources) return;
  console.log('Building the UI (vite build)…');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
      // A NODE_ENV inherited from a test runner (vitest sets "test") would make vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0) throw new Error('The UI build failed; see the messages above.');
};

/** Bundles the Electron main process, its preload and the simulator's worker with esbuild into dist-electron/. */
export const buildElectron = async () => {
  const esbuild = await import('esbuild');
  const { cpSync, rmSync } = await import('node:fs');
  rmSync(join(root, 'dist-electron'), { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await esbuild.build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist-electron',
    format: 'cjs',
    packages: 'external',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  await esbuild.build({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist-electron',
    format: 'cjs',
    external: ['electron'],
  });
  // The module simulator runs MicroPython in a worker thread and loads its QuecPython modules from python/.
  await esbuild.build({
    ...common,
    entryPoints: { 'worker/sim-worker': 'electron/sim/worker/sim-worker.ts' },
    outExtension: { '.js': '.mjs' },
    outdir: 'dist-electron',
    format: 'esm',
    packages: 'external',
  });
  cpSync(join(root, 'electron/sim/worker/boot.mjs'), join(root, 'dist-electron/worker/boot.mjs'));
  cpSync(join(root, 'electron/sim/python'), join(root, 'dist-electron/python'), { recursive: true });
};
