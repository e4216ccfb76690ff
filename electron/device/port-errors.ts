import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { AppError } from '../../shared/errors';

/** Who has a serial port open, e.g. 'picocom (pid 4242)'; null when unknown (Windows, macOS, no /proc). */
export type FindPortHolder = (path: string) => Promise<string | null>;

/**
 * Linux: walks /proc/<pid>/fd for descriptors that point at the port. Every holder is named (a pseudo-terminal is
 * also held by the program that made it, e.g. socat).
 */
export const findPortHolderLinux: FindPortHolder = async (path) => {
  if (process.platform !== 'linux') return null;
  const target = await realpath(path).catch(() => path);
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return null;
  }
  const holders: string[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (link === target) {
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => 'a process')).trim();
        holders.push(`${name} (pid ${pid})`);
        break;
      }
    }
  }
  return holders.length ? holders.join(', ') : null;
};

const permissionHint = (platform: NodeJS.Platform): string =>
  platform === 'win32'
    ? 'Install the Quectel USB driver (Quectel_Windows_USB_Driver) and check the port in Device Manager.'
    : platform === 'linux'
      ? 'Add yourself to the "dialout" group (sudo usermod -aG dialout $USER), then log out and back in.'
      : 'Check that your user may open the port.';

/** Turns an error from a serialport binding's open() into a specific AppError with the fix in its message. */
export const mapOpenError = async (
  path: string,
  error: unknown,
  findHolder: FindPortHolder,
  platform: NodeJS.Platform = process.platform,
): Promise<AppError> => {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code ?? '';
  if (/no such file|not found|ENOENT|cannot find|does not exist/i.test(text) || code === 'ENOENT') {
    return new AppError(
      'PORT_NOT_FOUND',
      `Serial port ${path} was not found: plug the module in, or pick another port (qpy ports lists them).`,
      { path },
    );
  }
  const busy =
    /cannot lock port|resource temporarily unavailable|device or resource busy|EBUSY|EAGAIN|already open/i.test(text) ||
    (platform === 'win32' && /access denied|access is denied/i.test(text));
  if (busy) {
    const holder = await findHolder(path).catch(() => null);
    const who = holder
      ? `held by ${holder}`
      : 'another program (QPYcom, a terminal, another QPY Studio window?) is using it';
    return new AppError('PORT_BUSY', `Serial port ${path} is busy: ${who}. Close that program and try again.`, {
      path,
      holder,
    });
  }
  if (/permission denied|EACCES|access denied|operation not permitted/i.test(text)) {
    return new AppError('PORT_PERMISSION', `No permission to open ${path}. ${permissionHint(platform)}`, { path });
  }
  return new AppError('PORT_ERROR', `Could not open ${path}: ${text}`, { path });
};
