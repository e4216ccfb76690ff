import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * Where a command's secret may come from, besides its flag's value (which every other user of the machine can
 * read in `ps`): `-` as the value reads standard input, a file flag, or an environment variable.
 */
export interface SecretSpec {
  /** What the secret is, for messages: "password", "device spec". */
  label: string;
  /** The flag that takes the value itself, as the user types it: "-P/--password". */
  flag: string;
  /** The flag that names a file holding it: "--password-file". */
  fileFlag: string;
  /** The environment variable read when neither flag is given: "QPY_MQTT_PASSWORD". */
  envVar: string;
}

interface SecretFlags {
  value?: string | undefined;
  file?: string | undefined;
}

export interface SecretIo {
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => Promise<Buffer>;
}

/** A secret is a short line; this bounds what `-` reads so a wrong pipe cannot fill memory. */
export const MAX_SECRET_BYTES = 64 * 1024;

export class SecretInputError extends Error {
  override name = 'SecretInputError';
}

const defaultIo = (): SecretIo => ({ stdin: process.stdin, env: process.env, readFile: (p) => readFile(p) });

/** One trailing newline is what `echo` and editors add; it is not part of the secret. */
const stripNewline = (text: string): string => text.replace(/\r?\n$/, '');

const readAll = async (stream: Readable, spec: SecretSpec): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_SECRET_BYTES)
      throw new SecretInputError(
        `the ${spec.label} on standard input is over ${MAX_SECRET_BYTES / 1024} KiB: pipe only the ${spec.label}.`,
      );
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

const fileProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
};

/**
 * The secret from, in order: the flag's value (`-` reads standard input), the file flag, the environment
 * variable; undefined when none is given. Never puts the secret in an error message.
 */
export const readSecret = async (
  spec: SecretSpec,
  flags: SecretFlags,
  io: SecretIo = defaultIo(),
): Promise<string | undefined> => {
  if (flags.value !== undefined && flags.file !== undefined)
    throw new SecretInputError(`give the ${spec.label} once: ${spec.flag} or ${spec.fileFlag}, not both.`);
  if (flags.value === '-') {
    if (io.stdin.isTTY)
      throw new SecretInputError(
        `${spec.flag} - reads the ${spec.label} from standard input, but nothing is piped in (it is a terminal). ` +
          `Pipe it (e.g. \`pass show x | qpy … ${spec.flag.split('/')[0]} -\`), or use ${spec.fileFlag} FILE or ${spec.envVar}.`,
      );
    const text = stripNewline(await readAll(io.stdin, spec));
    if (text === '') throw new SecretInputError(`${spec.flag} - read an empty ${spec.label} from standard input.`);
    return text;
  }
  if (flags.value !== undefined) return flags.value;
  if (flags.file !== undefined) {
    const path = flags.file;
    const bytes = await io.readFile(path).catch((error: unknown) => {
      throw new SecretInputError(
        `cannot read the ${spec.label} file ${path} (${spec.fileFlag}): ${fileProblem(error)}.`,
      );
    });
    if (bytes.length > MAX_SECRET_BYTES)
      throw new SecretInputError(`the ${spec.label} file ${path} is over ${MAX_SECRET_BYTES / 1024} KiB.`);
    const text = stripNewline(bytes.toString('utf8'));
    if (text === '') throw new SecretInputError(`the ${spec.label} file ${path} is empty.`);
    return text;
  }
  const fromEnv = io.env[spec.envVar];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
};

/** The line for a command's --help that says where the secret may come from. */
export const secretHelp = (spec: SecretSpec): string =>
  `The ${spec.label} may also come from standard input (${spec.flag.split('/')[0]} -), a file (${spec.fileFlag} FILE) ` +
  `or the ${spec.envVar} environment variable, which other users cannot see in \`ps\`.`;
