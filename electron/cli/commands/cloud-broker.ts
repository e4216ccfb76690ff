import type { Command } from 'commander';
import { installCloudEmulator } from '../../cloud/emulator';
import { parseDeviceSpec } from '../../cloud/device-spec';
import { brokerCommandExtensions, type BrokerCommandExtension, type BrokerCommandFlags } from './broker';

/** `qpy broker --cloud aliyun|onenet|huawei --device SPEC [--check-timestamp]`: the broker acts as that cloud. */
export const cloudBrokerExtension: BrokerCommandExtension = {
  addOptions(command: Command) {
    command
      .option('--cloud <cloud>', 'act as this cloud: aliyun, onenet or huawei (needs --device)')
      .option(
        '--device <spec>',
        'the device the cloud knows: ProductKey/DeviceName/DeviceSecret (aliyun), ProductId/DeviceName/AccessKey (onenet), DeviceId/Secret (huawei)',
      )
      .option('--check-timestamp', 'huawei: refuse a clientId whose timestamp is not the current UTC hour');
  },
  async configure(flags: BrokerCommandFlags) {
    const cloud = flags.cloud as string | undefined;
    const device = flags.device as string | undefined;
    if (!cloud && !device) return undefined;
    if (!cloud || !device)
      throw new Error('--cloud and --device go together, e.g. --cloud huawei --device DeviceId/Secret');
    const config = parseDeviceSpec(cloud, device, { checkTimestamp: flags.checkTimestamp === true });
    const onEvent = (e: { kind: string; clientId?: string; topic?: string; returnCode?: number; reason?: string }) => {
      const parts = [`[${config.cloud}] ${e.kind}`];
      if (e.clientId) parts.push(`client=${e.clientId}`);
      if (e.topic) parts.push(`topic=${e.topic}`);
      if (e.returnCode !== undefined) parts.push(`connack=${e.returnCode}`);
      if (e.reason) parts.push(`(${e.reason})`);
      process.stdout.write(parts.join(' ') + '\n');
    };
    return {
      name: `${config.cloud} emulator`,
      configure: (aedes) => void installCloudEmulator(aedes, { ...config, onEvent }),
    };
  },
};

/** Adds the cloud options to `qpy broker`; call before the CLI is built (cred.ts does on import). */
export const applyCloudOptions = (): void => {
  if (!brokerCommandExtensions.includes(cloudBrokerExtension)) brokerCommandExtensions.push(cloudBrokerExtension);
};
