import { buildElectron } from './build-lib.mjs';

await buildElectron();
console.log('Built dist-electron/main.cjs and dist-electron/preload.cjs');
