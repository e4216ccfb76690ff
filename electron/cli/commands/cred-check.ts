import { Command, Option } from 'commander';
import { CHECKABLE_CLOUDS, type CredentialCheckResult } from '../../../shared/cloud/check/types';
import { expiryWarning } from '../../../shared/cloud/expiry';
import { readSecret, secretHelp, type SecretSpec } from '../secret-input';
import { safeText } from '../terminal-safe';

const CHECK_SECRET: SecretSpec = {
  label: 'secret',
  flag: '--secret',
  fileFlag: '--secret-file',
  envVar: 'QPY_CLOUD_SECRET',
};

const VERDICT: Record<CredentialCheckResult['signature'], string> = {
  valid: 'the secret reproduces the password',
  invalid: 'the secret does NOT reproduce the password',
  unchecked: 'not checked (give --secret to verify it)',
  undecodable: 'cannot be computed from these fields (see the problems)',
};

/** The readable report: decoded parts, expiry, problems, signature verdict and diagnosis. */
const formatCheck = (r: CredentialCheckResult): string => {
  const width = Math.max(...r.parts.map((p) => p.key.length), 9);
  const lines = r.parts.map((p) => `${p.key.padEnd(width)}  ${p.value}${p.note ? `    (${p.note.en})` : ''}`);
  lines.push('', `${'Signature'.padEnd(width)}  ${VERDICT[r.signature]}`);
  if (r.diagnosis) lines.push(`${'Diagnosis'.padEnd(width)}  ${r.diagnosis.message.en}`);
  for (const p of r.problems) lines.push(`Problem: ${p.en}`);
  return lines.map((l) => safeText(l)).join('\n') + '\n';
};

/** `qpy cred check`: decode a pasted triple, verify it with the secret, say what most likely differs. */
export const registerCredCheck = (cred: Command): void => {
  cred
    .command('check')
    .description(
      'Decode a clientId, username and password (from a document, a device log, MQTT.fx or MQTTX) and, with the secret, verify the signature and say which input differs',
    )
    .addOption(new Option('--cloud <cloud>', 'the cloud').choices([...CHECKABLE_CLOUDS]).makeOptionMandatory())
    .requiredOption('--client-id <cid>', 'the MQTT client id')
    .requiredOption('--username <user>', 'the MQTT user name')
    .requiredOption('--password <password>', 'the MQTT password (token)')
    .option('--secret <secret>', 'device secret / access_key / PSK / shared access key ("-" reads standard input)')
    .option('--secret-file <file>', 'read the secret from a file')
    .option('--json', 'print the decoded fields, expiry, problems and verdict as one JSON object')
    .addHelpText(
      'after',
      `\n${secretHelp(CHECK_SECRET)}\nExit code 0 when nothing is wrong (the secret reproduces the password, or no secret was given), 1 otherwise.`,
    )
    .action(
      async (opts: {
        cloud: string;
        clientId: string;
        username: string;
        password: string;
        secret?: string;
        secretFile?: string;
        json?: boolean;
      }) => {
        const secret = await readSecret(CHECK_SECRET, { value: opts.secret, file: opts.secretFile });
        const { checkCredentials } = await import('../../../shared/cloud/check');
        const now = Date.now();
        const r = checkCredentials(
          opts.cloud,
          {
            clientId: opts.clientId,
            username: opts.username,
            password: opts.password,
            ...(secret !== undefined ? { secret } : {}),
          },
          now,
        );
        process.stdout.write(opts.json ? JSON.stringify(r, null, 2) + '\n' : formatCheck(r));
        const warning = expiryWarning(r.expiresAt, now);
        if (warning) process.stderr.write(`warning: the password ${warning}\n`);
        if (r.problems.length > 0 || r.signature === 'invalid' || r.signature === 'undecodable') process.exitCode = 1;
      },
    );
};
