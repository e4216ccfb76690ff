import { read } from 'node:fs';
import { promisify } from 'node:util';
import { autoDetect, type DarwinPortBinding, type LinuxPortBinding } from '@serialport/bindings-cpp';
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read';
import type { SerialBinding, SerialPortHandle } from './binding-types';

type UnixPort = LinuxPortBinding | DarwinPortBinding;

const readAsync = promisify(read);

/**
 * A pulled cable hangs the tty up, and a hung-up tty's reads return 0 bytes (an open port opened O_NONBLOCK with
 * VMIN 1 answers "nothing yet" with EAGAIN instead). bindings-cpp reads again at once on 0 bytes, for ever, so a
 * read started after the cable went would never fail and the session would only hear of it from its next write.
 */
const readOrHangUp = async (fd: number, buffer: Buffer, offset: number, length: number, position: null) => {
  const result = await readAsync(fd, buffer, offset, length, position);
  if (result.bytesRead === 0) {
    throw Object.assign(new Error('the port was hung up'), { code: 'EHANGUP', disconnect: true });
  }
  return result;
};

const isUnixPort = (port: object): port is UnixPort => 'fd' in port && 'poller' in port;

const failingOnHangUp = (port: UnixPort): SerialPortHandle => ({
  get isOpen() {
    return port.isOpen;
  },
  close: () => port.close(),
  write: (data) => port.write(data),
  read: async (buffer, offset, length) => {
    if (!port.isOpen) throw new Error('Port is not open');
    // The option is typed as all of fs.read's overloads; unixRead calls only the (fd, buffer, offset, length, null) one.
    return unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangUp as typeof readAsync });
  },
});

/** The machine's serial ports (@serialport/bindings-cpp), whose reads fail once the port is hung up. */
export const nativeSerialBinding = (): SerialBinding => {
  const native = autoDetect();
  return {
    list: () => native.list(),
    open: async (options) => {
      const port = await native.open(options);
      return isUnixPort(port) ? failingOnHangUp(port) : port;
    },
  };
};
