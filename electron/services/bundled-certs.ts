import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_CA_PREFIX } from '../../shared/cloud/ca';

export { BUILTIN_CA_PREFIX };

/**
 * The folder of the cloud CA certificates: `assets/certs` beside the sources, or `certs` in the packaged app's
 * resources (electron-builder's extraResources).
 */
const bundledCertsDir = (): string | undefined => {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = resources ? [join(resources, 'certs')] : [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    candidates.push(join(dir, 'assets', 'certs'));
    dir = dirname(dir);
  }
  return candidates.find((c) => existsSync(c));
};

/** The path of a CA file that ships with the app, by its name ("aliyun-root-ca.pem"), or undefined. */
export const bundledCaPath = (name: string): string | undefined => {
  if (!/^[a-z0-9-]+\.pem$/.test(name)) return undefined;
  const dir = bundledCertsDir();
  const file = dir ? join(dir, name) : undefined;
  return file && existsSync(file) ? file : undefined;
};

/** The bundled CA name a profile saved before `caBundled` named as `builtin:<name>`, or undefined. */
export const legacyBuiltinCaName = (reference: string): string | undefined =>
  reference.startsWith(BUILTIN_CA_PREFIX) ? reference.slice(BUILTIN_CA_PREFIX.length) : undefined;
