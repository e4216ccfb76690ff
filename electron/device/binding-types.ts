/**
 * The parts of a serialport binding (@serialport/bindings-interface) the device link uses. Declared here because
 * that package's types do not resolve under "moduleResolution": "Bundler"; the real bindings-cpp binding, the
 * simulator's binding and test bindings all fit structurally.
 */
export interface SerialPortHandle {
  readonly isOpen: boolean;
  close(): Promise<void>;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
}

interface SerialOpenOptions {
  path: string;
  baudRate: number;
  lock?: boolean;
}

export interface SerialBinding {
  list(): Promise<Array<{ path: string }>>;
  open(options: SerialOpenOptions): Promise<SerialPortHandle>;
}
