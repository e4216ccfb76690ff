import { homedir } from 'node:os';
import { join } from 'node:path';

const PRODUCT_NAME = 'QPY Studio';

/**
 * The same folder Electron uses for `app.getPath('userData')`, so the desktop app, browser mode and the CLI share
 * profiles and settings. QPY_DATA_DIR overrides it (tests, portable installs).
 */
export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env, platform = process.platform): string => {
  if (env.QPY_DATA_DIR) return env.QPY_DATA_DIR;
  if (env.VITEST) {
    throw new Error(
      'A test started the app or the CLI without QPY_DATA_DIR: set it to a temp folder (tests/helpers/temp-data-dir.ts does for the node tests), so the run does not write into the real data folder.',
    );
  }
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
};
