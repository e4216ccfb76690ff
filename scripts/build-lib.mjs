import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

// Bundled in: commander (the CLI starts with it), @noble/hashes and zod: resolving a package's files costs more than
// parsing them, and bundled zod is tree-shaken (node_modules' zod/mini loads about 100 files, 80-130 ms of CPU on
// every push). So is the JavaScript of the native serial binding (with its debug logger), which every port command
// loads: about 25 small files, 10-15 ms of resolving. Every other package stays in node_modules and loads only when a
// command needs it (aedes, mqtt, ws), as does the binding's compiled addon (see SERIAL_ADDON).
const BUNDLED_PACKAGES =
  /^(commander|@noble\/hashes|zod|@serialport\/(bindings-cpp|bindings-interface|parser-readline|parser-delimiter)|debug|ms|supports-color|has-flag)(\/|$)/;
// The binding finds its compiled addon from its own folder (node-gyp-build(__dirname/..)); bundled, that folder is
// dist-cli, so the bundle asks node_modules where the installed package is.
// (The name is a variable so esbuild leaves the lookup to run time instead of warning that it cannot bundle it.)
const SERIAL_ADDON = `const pkg = '@serialport/bindings-cpp';
exports.binding = require('node-gyp-build')(require('node:path').join(require.resolve(pkg), '../..'));`;
// commander loads child_process (and with it net and dgram) at start-up only to run executable subcommands, which qpy
// has none of: it gets a stand-in that loads child_process when spawn is first called.
const LAZY_CHILD_PROCESS = "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };";
// zod's `locales` namespace (every language's messages, 390 KB of the bundle) is kept whole by its `export * as`,
// though only English (which zod imports itself) is used: the CLI's copy holds just that one.
const ZOD_LOCALES = "export { default as en } from './en.js';";
const externalExceptBundled = {
  name: 'external-except-bundled',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: ZOD_LOCALES,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'qpy' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'qpy' }, () => ({ contents: LAZY_CHILD_PROCESS, loader: 'js' }));
    build.onResolve({ filter: /^\.\/serialport-bindings$/ }, (args) =>
      /node_modules[\\/]@serialport[\\/]bindings-cpp[\\/]/.test(args.importer)
        ? { path: 'serial-addon', namespace: 'serial-addon' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'serial-addon' }, () => ({ contents: SERIAL_ADDON, loader: 'js' }));
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles the `qpy` CLI to JavaScript in dist-cli/ so it starts without compiling TypeScript: one CommonJS file,
 * qpy.cjs, which bin/qpy.mjs compiles with V8's code cache (a CommonJS script can use it, an ES module cannot in
 * Node 20), so a start-up deserialises compiled code instead of parsing. What commands import lazily (the
 * simulator, the broker, MQTT, the web host) is inside it but runs only when imported; the simulator's worker and
 * QuecPython modules sit beside it, where the simulator looks for them. It builds into a fresh folder and swaps it
 * in, so a qpy already running never sees half a build, and primes the code cache with one `qpy --help`.
 */
export const buildCli = async () => {
  const esbuild = await import('esbuild');
  const { cpSync, renameSync, rmSync } = await import('node:fs');
  const out = join(root, 'dist-cli');
  const fresh = join(root, `dist-cli.${process.pid}.tmp`);
  rmSync(fresh, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
    outdir: fresh,
  };
  await esbuild.build({
    ...common,
    entryPoints: { qpy: 'electron/cli/program.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    plugins: [externalExceptBundled],
    // import() becomes require(): the code cache's script then needs no ES module loader of its own.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await esbuild.build({
    ...common,
    entryPoints: { 'worker/sim-worker': 'electron/sim/worker/sim-worker.ts' },
    format: 'esm',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
  });
  cpSync(join(root, 'electron/sim/worker/boot.mjs'), join(fresh, 'worker/boot.mjs'));
  cpSync(join(root, 'electron/sim/python'), join(fresh, 'python'), { recursive: true });
  const old = join(root, `dist-cli.${process.pid}.old`);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(out)) renameSync(out, old);
  renameSync(fresh, out);
  rmSync(old, { recursive: true, force: true });
  spawnSync(process.execPath, [join(root, 'bin/qpy.mjs'), '--help'], { stdio: 'ignore' });
};
