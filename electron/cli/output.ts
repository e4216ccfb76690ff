import { isAppError } from '../../shared/errors';
import { safeText } from './terminal-safe';

/** Pretty JSON on stdout, one value per command (the --json output of every command). */
export const printJson = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** The code and message of anything thrown, as the CLI reports it. */
export const errorOf = (error: unknown): { code: string; message: string } => ({
  code: isAppError(error) ? error.code : 'INTERNAL',
  message: error instanceof Error ? error.message : String(error),
});

/** Reports a failed command: `qpy: message [CODE]` on stderr (and the error as JSON with --json), exit code 1. */
export const writeError = (error: unknown, json: boolean | undefined): void => {
  const { code, message } = errorOf(error);
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  process.stderr.write(`qpy: ${safeText(message)} [${code}]\n`);
  process.exitCode = 1;
};
