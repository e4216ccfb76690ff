import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from './binding-interface';
import { AppError } from '../../shared/errors';
import { createSimulator, type Simulator } from './simulator';
import { SIM_FIRMWARES, SIM_MODELS, type SimFirmware, type SimModel, type SimulatorOptions } from './types';

const SIM_PATH_PREFIX = 'sim://';

/** A port the binding lists: also carries the label the app shows. */
interface SimPortInfo extends PortInfo {
  friendlyName: string;
}

interface SimPortSpec {
  model: SimModel;
  firmware: SimFirmware;
}

interface SimBindingOptions {
  /** Ports list() shows. Default: EC600N modern and legacy, EC600U modern. */
  ports?: SimPortSpec[];
  /** Extra simulator options per port (fsDir, networkRedirect, ...). */
  simulatorOptions?: (spec: SimPortSpec) => SimulatorOptions;
}

export interface SimBinding extends BindingInterface<BindingPortInterface, OpenOptions, SimPortInfo> {
  /** The powered simulator behind a path (created on first open), if any. */
  simulatorFor(path: string): Simulator | undefined;
  /** Powers every simulator off; the next open starts a fresh module. For tests. */
  reset(): Promise<void>;
}

const simPath = ({ model, firmware }: SimPortSpec): string => `${SIM_PATH_PREFIX}${model.toLowerCase()}-${firmware}`;

const parseSimPath = (path: string): SimPortSpec | undefined => {
  if (!path.toLowerCase().startsWith(SIM_PATH_PREFIX)) return undefined;
  const [modelText = '', firmwareText = 'modern'] = path.slice(SIM_PATH_PREFIX.length).split('-');
  const model = SIM_MODELS.find((m) => m.toLowerCase() === modelText.toLowerCase());
  const firmware = SIM_FIRMWARES.find((f) => f === firmwareText.toLowerCase());
  return model && firmware ? { model, firmware } : undefined;
};

const canceled = (message: string): Error => Object.assign(new Error(message), { canceled: true });

class SimPort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private chunks: Buffer[] = [];
  private pendingRead: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private readonly onData = (bytes: Uint8Array): void => {
    this.chunks.push(Buffer.from(bytes));
    const pending = this.pendingRead;
    this.pendingRead = undefined;
    pending?.resolve();
  };

  constructor(
    private readonly sim: Simulator,
    options: OpenOptions,
    private readonly onClose: () => void,
  ) {
    this.openOptions = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    sim.on('data', this.onData);
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.chunks.length === 0) {
      if (!this.isOpen) throw canceled('Port is not open');
      await new Promise<void>((resolve, reject) => {
        this.pendingRead = { resolve, reject };
      });
    }
    let bytesRead = 0;
    while (bytesRead < length && this.chunks.length > 0) {
      const head = this.chunks[0];
      if (!head) break;
      const n = Math.min(head.length, length - bytesRead);
      head.copy(buffer, offset + bytesRead, 0, n);
      bytesRead += n;
      if (n === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(n);
    }
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw canceled('Port is not open');
    this.sim.write(new Uint8Array(buffer));
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.sim.off('data', this.onData);
    const pending = this.pendingRead;
    this.pendingRead = undefined;
    pending?.reject(canceled('Port closed'));
    this.chunks = [];
    this.onClose();
  }

  async update(options: UpdateOptions): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    this.openOptions.baudRate = options.baudRate;
  }

  async set(_options: SetOptions): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
  }

  async get(): Promise<PortStatus> {
    if (!this.isOpen) throw new Error('Port is not open');
    return { cts: true, dsr: true, dcd: true };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.chunks = [];
  }

  async drain(): Promise<void> {}
}

const DEFAULT_PORTS: SimPortSpec[] = [
  { model: 'EC600N', firmware: 'modern' },
  { model: 'EC600N', firmware: 'legacy' },
  { model: 'EC600U', firmware: 'modern' },
];

/** A serialport binding whose ports are simulated modules ('sim://ec600n-modern'); modules stay powered across opens. */
export const createSimBinding = (options: SimBindingOptions = {}): SimBinding => {
  const specs = options.ports ?? DEFAULT_PORTS;
  const simulators = new Map<string, Simulator>();
  const openPorts = new Set<string>();

  return {
    async list(): Promise<SimPortInfo[]> {
      return specs.map((spec) => ({
        path: simPath(spec),
        manufacturer: 'QPY Studio',
        friendlyName: `Simulated ${spec.model} (QuecPython${spec.firmware === 'legacy' ? ', legacy 1.13 firmware' : ''})`,
        serialNumber: `SIM-${spec.model}-${spec.firmware}`,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
      }));
    },

    async open(openOptions: OpenOptions): Promise<BindingPortInterface> {
      const spec = parseSimPath(openOptions.path);
      if (!spec) {
        throw new AppError(
          'PORT_NOT_FOUND',
          `No simulated module at ${openOptions.path}: use sim://<model>-<legacy|modern>, e.g. sim://ec600n-modern.`,
        );
      }
      const key = simPath(spec);
      if (openPorts.has(key)) {
        throw new AppError('PORT_BUSY', `${key} is already open: close the other connection first.`);
      }
      let sim = simulators.get(key);
      if (!sim) {
        sim = createSimulator({ ...options.simulatorOptions?.(spec), model: spec.model, firmware: spec.firmware });
        simulators.set(key, sim);
      }
      openPorts.add(key);
      await sim.started();
      return new SimPort(sim, openOptions, () => openPorts.delete(key));
    },

    simulatorFor(path: string): Simulator | undefined {
      const spec = parseSimPath(path);
      return spec ? simulators.get(simPath(spec)) : undefined;
    },

    async reset(): Promise<void> {
      const all = [...simulators.values()];
      simulators.clear();
      openPorts.clear();
      await Promise.all(all.map((s) => s.close()));
    },
  };
};

/** Routes sim:// paths to the simulator binding and everything else to the real one; list() shows both. */
export const createCompositeBinding = <R extends BindingInterface>(
  real: R,
  sim: SimBinding,
): BindingInterface<BindingPortInterface, OpenOptions, PortInfo & { friendlyName?: string }> => ({
  async list() {
    const [realPorts, simPorts] = await Promise.all([real.list(), sim.list()]);
    return [...realPorts, ...simPorts];
  },
  async open(options: OpenOptions) {
    if (options.path.toLowerCase().startsWith(SIM_PATH_PREFIX)) return sim.open(options);
    return real.open(options as Parameters<R['open']>[0]);
  },
});
