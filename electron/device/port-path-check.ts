import { realpath, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';

const SIM_PREFIX = 'sim://';
/** `COM7`, or the device namespace form `\\.\COM12` Windows needs above COM9. */
const WINDOWS_COM = /^(\\\\\.\\)?COM\d{1,3}$/i;
/** Terminal device names: Linux /dev/ttyUSB0, /dev/ttyACM0, /dev/pts/3, /dev/rfcomm0; macOS /dev/cu.*; BSD /dev/cuaU0. */
const POSIX_TTY = /^\/dev\/(tty[^/]*|pts\/\d+|cu\.[^/]+|cua[^/]*|rfcomm\d+)$/;

interface PortPathCheckOptions {
  /** The ports the serial binding lists right now (they may be opened whatever their name). */
  listed?: () => Promise<string[]>;
  platform?: NodeJS.Platform;
}

const notSerial = (path: string, why: string) =>
  new AppError(
    'PORT_NOT_SERIAL',
    `${path} is not a serial port (${why}); pick a port from the list, or type the path of a terminal device such as /dev/ttyUSB0, /dev/pts/3 or COM7.`,
    { path },
  );

/**
 * Refuses a "port" that is not one before the serial binding opens it: the UI may type a path (for
 * pseudo-terminals), so without this a caller could open a file or a disk. Allowed: the simulator, listed
 * ports, COMn on Windows, and elsewhere a path whose real path is a terminal character device (a symbolic link
 * such as `qpy sim --link /tmp/ttyQPY` resolves to /dev/pts/N). Nothing is opened to find out.
 */
export const checkSerialPortPath = async (path: string, options: PortPathCheckOptions = {}): Promise<void> => {
  if (path.toLowerCase().startsWith(SIM_PREFIX)) return;
  const platform = options.platform ?? process.platform;
  if (platform === 'win32' && WINDOWS_COM.test(path)) return;
  if (options.listed && (await options.listed().catch((): string[] => [])).includes(path)) return;
  if (platform === 'win32') throw notSerial(path, 'not a COM port');
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('PORT_NOT_FOUND', `${path} does not exist: plug the module in, or pick another port.`, {
        path,
      });
    throw notSerial(path, (error as NodeJS.ErrnoException).code ?? 'cannot be resolved');
  }
  const info = await stat(real);
  if (!info.isCharacterDevice()) {
    throw notSerial(path, info.isDirectory() ? 'a folder' : info.isFile() ? 'a file' : 'not a character device');
  }
  if (!POSIX_TTY.test(real)) throw notSerial(path, `${real} is not a terminal device`);
};
