import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_WEB_PORT } from '../../web/default-port';
import { packageRoot } from '../package-root';
import { parsePort } from '../parse';

export const registerWebCommands = (program: Command): void => {
  program
    .command('web')
    .description('Run QPY Studio in your browser (the same UI as the desktop app), served on 127.0.0.1')
    .option('--port <port>', `port to listen on (default ${DEFAULT_WEB_PORT}, or the next free one)`, parsePort)
    .option(
      '--host <host>',
      'address to bind (loopback only unless you know why; others on the network still need the printed token)',
      '127.0.0.1',
    )
    .option('--data <dir>', 'data folder for profiles and settings')
    .option('--no-open', 'do not open a browser window')
    .option(
      '--broker-port <port>',
      'port of the embedded MQTT broker (default 1883 or the next free one; 0 = any)',
      parsePort,
    )
    .option(
      '--broker-ws-port <port>',
      'WebSocket port of the embedded broker (default 8083 or the next free one)',
      parsePort,
    )
    .action(
      async (opts: {
        port?: number;
        host: string;
        data?: string;
        open: boolean;
        brokerPort?: number;
        brokerWsPort?: number;
      }) => {
        const { serveBrowserMode } = await import('../../web/serve');
        const served = await serveBrowserMode({
          rendererDir: join(packageRoot(), 'dist', 'renderer'),
          ...(opts.port === undefined ? {} : { port: opts.port, strictPort: true }),
          host: opts.host,
          ...(opts.data ? { dataDir: opts.data } : {}),
          ...(opts.open ? {} : { open: false }),
          ...(opts.brokerPort === undefined ? {} : { brokerPort: opts.brokerPort }),
          ...(opts.brokerWsPort === undefined ? {} : { brokerWsPort: opts.brokerWsPort }),
        });
        for (const warning of served.warnings) console.error(warning);
        console.log(`QPY Studio (browser mode) is at ${served.url}  — press Ctrl-C to stop.`);
        const stop = () => void served.stop().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
};
