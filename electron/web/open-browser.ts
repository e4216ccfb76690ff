import { spawn } from 'node:child_process';

/** True where a browser window can be shown (a desktop session), false on servers and in CI. */
export const hasDisplay = (env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean => {
  if (env.CI) return false;
  if (platform === 'win32' || platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
};

export const openInBrowser = (url: string): void => {
  const [command, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
};
