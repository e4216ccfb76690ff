import { Command, Option } from 'commander';
import { MQTT_PASSWORD, parseQos, type PubFlags, type SubFlags } from '../mqtt-flags';
import { parsePort, parsePositiveInt } from '../parse';
import { secretHelp } from '../secret-input';

export { MQTT_EXIT } from '../mqtt-flags';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const EXIT_HELP = `
${secretHelp(MQTT_PASSWORD)}
Exit codes: 0 done, 1 connection or input error, 2 refused by the broker (reason on stderr), 3 timed out.`;

/** Flags shared by sub and pub, named like mosquitto_sub/mosquitto_pub (so -h is the host, --help the help). */
const addConnectionFlags = (cmd: Command): Command =>
  cmd
    .helpOption('--help', 'show this help')
    .option('-h, --host <host>', 'broker host', 'localhost')
    .option('-p, --port <port>', 'broker port (default 1883, 8883 with --tls)', parsePort)
    .option('-u, --username <user>', 'user name')
    .option('-P, --password <password>', 'password ("-" reads it from standard input)')
    .option('--password-file <file>', 'read the password from this file')
    .option('-i, --id <clientId>', 'client id (default: random qpy_…)')
    .option('-k, --keepalive <secs>', 'keepalive in seconds', (v) => parsePositiveInt(v), 60)
    .option('--tls', 'connect with TLS (mqtts)')
    .option('--cafile <file>', 'CA certificate (PEM) to trust; implies --tls')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS; implies --tls')
    .option('--key <file>', 'client key (PEM) for mutual TLS')
    .option('--insecure', 'do not verify the server certificate (self-signed); prints a warning')
    .addOption(new Option('-V, --protocol-version <version>', 'MQTT version').choices(['311', '5']).default('311'))
    .option('--ws', 'connect over WebSocket (ws, or wss with --tls)')
    .option('--path <path>', 'WebSocket path', '/mqtt');

export const registerMqttCommands = (program: Command): void => {
  const mqtt = program.command('mqtt').description('MQTT client like mosquitto_sub / mosquitto_pub');

  addConnectionFlags(
    mqtt
      .command('sub')
      .description('subscribe and print messages, one per line')
      .requiredOption('-t, --topic <filter>', 'topic filter (repeat for several)', collect)
      .option('-q, --qos <qos>', 'subscription QoS', parseQos, 0)
      .option('-C, --count <n>', 'exit after this many messages', parsePositiveInt)
      .option('-W, --timeout <secs>', 'exit with code 3 if not done after this many seconds', parsePositiveInt)
      .option('-v, --verbose', 'print "topic payload"')
      .option('--json', 'print one JSON object per message (topic, payload, encoding, qos, retain, time)'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(async (flags: SubFlags) => (await import('../mqtt-client')).subscribe(flags));

  addConnectionFlags(
    mqtt
      .command('pub')
      .description('publish one message')
      .requiredOption('-t, --topic <topic>', 'topic to publish to')
      .option('-m, --message <text>', 'message payload')
      .option('-f, --file <file>', 'send the contents of a file')
      .option('-s, --stdin', 'send everything read from standard input')
      .option('-q, --qos <qos>', 'QoS', parseQos, 0)
      .option('-r, --retain', 'retain the message'),
  )
    .addHelpText('after', EXIT_HELP)
    .action(async (flags: PubFlags) => (await import('../mqtt-client')).publish(flags));
};
