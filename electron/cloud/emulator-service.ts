import type { Aedes } from 'aedes';
import type { CloudEmulatorStatus } from '../../shared/api/cloud';
import type { BrokerStatus } from '../../shared/api/mqtt';
import type { CloudInput, EmulatorEvent } from '../../shared/cloud/types';
import { AppError } from '../../shared/errors';
import { parseDeviceSpec } from './device-spec';
import { installCloudEmulator, type CloudEmulator, type CloudEmulatorConfig, type DownlinkArgs } from './emulator';

/** The part of the embedded broker service the emulator needs (electron/broker BrokerService fits). */
interface EmulatorBroker {
  start(options: {
    port?: number;
    strictPort?: boolean;
    configure?: (aedes: Aedes) => void;
    emulatorName?: string;
  }): Promise<BrokerStatus>;
  restart(): Promise<BrokerStatus>;
  status(): BrokerStatus;
}

interface EmulatorStartRequest {
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
const emulatorConfigFromFields = (req: EmulatorStartRequest & { fields: CloudInput }): CloudEmulatorConfig => {
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

/** Someone watching the emulated cloud as its application side (the MQTT console's observer sessions). */
export interface EmulatorObserver {
  event(e: EmulatorEvent): void;
  /** The emulator was switched off. */
  stopped(): void;
}

/** Runs at most one cloud emulator on the embedded broker (the broker restarts to take it on or off). */
export class CloudEmulatorService {
  private emulator: CloudEmulator | undefined;
  private config: CloudEmulatorConfig | undefined;
  private readonly observers = new Set<EmulatorObserver>();

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
      onEvent: (e: EmulatorEvent) => {
        this.onEvent?.(e);
        for (const o of this.observers) o.event(e);
      },
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
      for (const o of [...this.observers]) o.stopped();
    }
    return this.status();
  }

  /** Watches every event of the emulated cloud (whichever cloud runs, across restarts) until the returned call. */
  observe(observer: EmulatorObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  /** Sends as the cloud's application side: delivered only to the device's downlink topics. */
  publishAsCloud(topic: string, payload: string) {
    if (!this.emulator) throw new AppError('NOT_FOUND', 'No cloud emulator is running: start one first.');
    return this.emulator.publishAsCloud(topic, payload);
  }

  /** Why the emulated cloud refused or dropped `clientId` (at or after `sinceMs`), if it did. */
  verdictFor(clientId: string, kind: 'connect.refused' | 'publish.denied', sinceMs: number) {
    return this.emulator?.verdictFor(clientId, kind, sinceMs);
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
