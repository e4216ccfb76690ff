import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend';
import { defaultDataDir } from '../services/data-dir';
import { startWebHost, type WebHost } from './host';
import { hasDisplay, openInBrowser } from './open-browser';

import { DEFAULT_WEB_PORT } from './default-port';

export { DEFAULT_WEB_PORT };

interface ServeOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  open?: boolean;
  /** A busy --port is an error when the user chose it; the default port falls back to a free one. */
  strictPort?: boolean;
  /** Embedded broker ports (0 = any free port); defaults 1883 and 8083 or the next free ones. */
  brokerPort?: number;
  brokerWsPort?: number;
  /** The built UI to serve (default: dist/renderer beside the sources). */
  rendererDir?: string;
}

const defaultRendererDir = () => fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** Starts browser mode: backend + web host; returns once it listens. */
export const serveBrowserMode = async (options: ServeOptions = {}): Promise<WebHost & { stop(): Promise<void> }> => {
  // The page's own origins may use the broker's WebSocket listener; known once the host listens.
  let pageOrigins: string[] = [];
  const backend = await createBackend({
    shell: 'web',
    dataDir: options.dataDir ?? defaultDataDir(),
    broker: {
      wsAllowedOrigins: () => pageOrigins,
      ...(options.brokerPort === undefined ? {} : { port: options.brokerPort }),
      ...(options.brokerWsPort === undefined ? {} : { wsPort: options.brokerWsPort }),
    },
  });
  const host = await startWebHost({
    backend,
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? DEFAULT_WEB_PORT,
    fallbackToFreePort: !options.strictPort,
  });
  const page = new URL(host.url);
  pageOrigins = [page.origin, `http://localhost:${page.port}`, `http://127.0.0.1:${page.port}`];
  if (options.open ?? hasDisplay()) openInBrowser(host.url);
  return {
    ...host,
    async stop() {
      await host.close();
      await backend.close();
    },
  };
};
