import type { Aedes } from 'aedes';
import type { CloudEmulatorStatus } from '../../shared/api/cloud';
import type { BrokerStatus } from '../../shared/api/mqtt';
import type { CloudInput, EmulatorEvent } from '../../shared/cloud/types';
import { AppError } from '../../shared/errors';
import { parseDeviceSpec } from './device-spec';
import { installCloudEmulator, type CloudEmulator, type CloudEmulatorConfig, type DownlinkArgs } from './emulator';

/** The part of the embedded broker service the emulator needs (electron/broker BrokerService fits). */
export interface EmulatorBroker {
  start(options: {
    port?: number;
    strictPort?: boolean;
    configure?: (aedes: Aedes) => void;
    emulatorName?: string;
  }): Promise<BrokerStatus>;
  restart(): Promise<BrokerStatus>;
  status(): BrokerStatus;
}

export interface EmulatorStartRequest {
  cloud: 'aliyun' | 'onenet' | 'huawei';
  spec?: string;
  fields?: CloudInput;
  productSecret?: string;
  checkTimestamp?: boolean;
  port?: number;
}

const field = (fields: CloudInput, id: string, what: string): string => {
  const v = fields[id]?.trim();
  if (!v) throw new AppError('INVALID_CREDENTIALS', `${what} is needed to start the emulator.`, { field: id });
  return v;
};

/** The emulated device from the wizard's form values. */
export const emulatorConfigFromFields = (req: EmulatorStartRequest & { fields: CloudInput }): CloudEmulatorConfig => {
  const f = req.fields;
  if (req.cloud === 'aliyun')
    return {
      cloud: 'aliyun',
      device: {
        productKey: field(f, 'productKey', 'ProductKey'),
        deviceName: field(f, 'deviceName', 'DeviceName'),
        ...(f.deviceSecret?.trim() ? { deviceSecret: f.deviceSecret.trim() } : {}),
        ...(req.productSecret ? { productSecret: req.productSecret } : {}),
      },
    };
  if (req.cloud === 'onenet') {
    const key = field(f, 'accessKey', 'access_key');
    const product = f.level === 'product';
    return {
      cloud: 'onenet',
      device: {
        productId: field(f, 'productId', 'Product ID'),
        deviceName: field(f, 'deviceName', 'Device name'),
        accessKey: product ? '' : key,
        ...(product ? { productAccessKey: key } : {}),
      },
    };
  }
  return {
    cloud: 'huawei',
    device: { deviceId: field(f, 'deviceId', 'Device ID'), secret: field(f, 'secret', 'Secret') },
    ...(req.checkTimestamp ? { checkTimestamp: true } : {}),
  };
};

/** Runs at most one cloud emulator on the embedded broker (the broker restarts to take it on or off). */
export class CloudEmulatorService {
  private emulator: CloudEmulator | undefined;
  private config: CloudEmulatorConfig | undefined;

  constructor(
    private readonly broker: EmulatorBroker,
    private readonly onEvent?: (e: EmulatorEvent) => void,
    private readonly clock?: () => number,
  ) {}

  /** The emulated Aliyun device (for registration against the emulator), if Aliyun is emulated. */
  get aliyunDevice() {
    return this.config?.cloud === 'aliyun' ? this.config.device : undefined;
  }

  async start(req: EmulatorStartRequest): Promise<CloudEmulatorStatus> {
    let config: CloudEmulatorConfig;
    if (req.spec)
      config = parseDeviceSpec(req.cloud, req.spec, { ...(req.checkTimestamp ? { checkTimestamp: true } : {}) });
    else if (req.fields) config = emulatorConfigFromFields({ ...req, fields: req.fields });
    else
      throw new AppError(
        'BAD_REQUEST',
        'Give the emulated device as spec (e.g. ProductKey/DeviceName/DeviceSecret) or as the wizard fields.',
      );
    if (config.cloud === 'aliyun' && req.productSecret) config.device.productSecret = req.productSecret;
    const withHooks = {
      ...config,
      ...(this.onEvent ? { onEvent: this.onEvent } : {}),
      ...(this.clock ? { clock: this.clock } : {}),
    } as CloudEmulatorConfig;
    const current = this.broker.status();
    const port = req.port ?? (current.state === 'running' ? current.port : undefined);
    await this.broker.start({
      ...(port !== undefined ? { port } : {}),
      ...(current.state === 'running' && req.port === undefined ? { strictPort: true } : {}),
      emulatorName: `${config.cloud} emulator`,
      configure: (aedes) => {
        this.emulator = installCloudEmulator(aedes, withHooks);
      },
    });
    this.config = config;
    return this.status();
  }

  async stop(): Promise<CloudEmulatorStatus> {
    if (this.emulator) {
      this.emulator = undefined;
      this.config = undefined;
      if (this.broker.status().state === 'running') await this.broker.restart();
    }
    return this.status();
  }

  status(): CloudEmulatorStatus {
    const e = this.emulator;
    if (!e) return { running: false, connected: [], events: [] };
    const s = e.status();
    const b = this.broker.status();
    return {
      running: true,
      cloud: s.cloud,
      device: s.device,
      broker: { host: b.host, ...(b.port !== undefined ? { port: b.port } : {}) },
      connected: s.connected,
      events: s.events,
    };
  }

  downlink(name: string, args: DownlinkArgs) {
    if (!this.emulator) throw new AppError('NOT_FOUND', 'No cloud emulator is running: start one first.');
    return this.emulator.downlink(name, args);
  }
}
