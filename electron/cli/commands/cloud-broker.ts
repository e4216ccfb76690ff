import type { Command } from 'commander';
import { readSecret, secretHelp, type SecretSpec } from '../secret-input';
import { brokerCommandExtensions, type BrokerCommandExtension, type BrokerCommandFlags } from './broker';

const CLOUD_DEVICE: SecretSpec = {
  label: 'device spec',
  flag: '--device',
  fileFlag: '--device-file',
  envVar: 'QPY_CLOUD_DEVICE',
};

/** `qpy broker --cloud aliyun|onenet|huawei --device SPEC [--check-timestamp]`: the broker acts as that cloud. */
const cloudBrokerExtension: BrokerCommandExtension = {
  addOptions(command: Command) {
    command
      .option('--cloud <cloud>', 'act as this cloud: aliyun, onenet or huawei (needs --device)')
      .option(
        '--device <spec>',
        'the device the cloud knows: ProductKey/DeviceName/DeviceSecret (aliyun), ProductId/DeviceName/AccessKey (onenet), DeviceId/Secret (huawei); "-" reads it from standard input',
      )
      .option('--device-file <file>', 'read the --device spec from this file')
      .option('--check-timestamp', 'huawei: refuse a clientId whose timestamp is not the current UTC hour')
      .addHelpText('after', `\n${secretHelp(CLOUD_DEVICE)}`);
  },
  async configure(flags: BrokerCommandFlags) {
    const cloud = flags.cloud as string | undefined;
    const given = { value: flags.device as string | undefined, file: flags.deviceFile as string | undefined };
    if (!cloud && given.value === undefined && given.file === undefined) return undefined;
    // The environment variable only counts with --cloud, so a plain `qpy broker` ignores it.
    const device = cloud ? await readSecret(CLOUD_DEVICE, given) : undefined;
    if (!cloud || !device)
      throw new Error(
        `--cloud and --device go together, e.g. --cloud huawei --device DeviceId/Secret (or --device-file FILE, or ${CLOUD_DEVICE.envVar})`,
      );
    const { parseDeviceSpec } = await import('../../cloud/device-spec');
    const { installCloudEmulator } = await import('../../cloud/emulator');
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
