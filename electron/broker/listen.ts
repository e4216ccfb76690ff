import type { Server } from 'node:net';

/** Listens on `port`, or the next free one when it is taken (up to `tries` ports); resolves the real port. */
export const listenOnFreePort = async (server: Server, host: string, port: number, tries = 50): Promise<number> => {
  for (let i = 0; i < (port === 0 ? 1 : tries); i++) {
    const candidate = port === 0 ? 0 : port + i;
    if (candidate > 65_535) break;
    const result = await new Promise<number | 'busy'>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve('busy');
        else reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : candidate);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(candidate, host);
    });
    if (result !== 'busy') return result;
  }
  throw Object.assign(new Error(`No free port from ${port} to ${Math.min(port + tries - 1, 65_535)} on ${host}.`), {
    code: 'EADDRINUSE',
  });
};

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
