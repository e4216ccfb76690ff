import type { TFunction } from 'i18next';

/** The backend names what a busy session does in English ('push /usr/main.py'); these are its phrases. */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/^read module info$/, 'moduleInfo'],
  [/^run code$/, 'runCode'],
  [/^soft reset$/, 'softReset'],
  [/^set (.+) as main\.py$/, 'setMain'],
  [/^free space of (.+)$/, 'freeSpace'],
  [/^plan sync of (.+)$/, 'planSync'],
  [/^list (.+)$/, 'list'],
  [/^stat (.+)$/, 'stat'],
  [/^mkdir (.+)$/, 'mkdir'],
  [/^remove (.+)$/, 'remove'],
  [/^rename (.+)$/, 'rename'],
  [/^read (.+)$/, 'read'],
  [/^push (.+)$/, 'push'],
  [/^run (.+)$/, 'run'],
  [/^sync (.+)$/, 'sync'],
];

/** A busy session's operation in the UI's language; an unknown phrase is shown as the backend said it. */
export const operationText = (operation: string, t: TFunction): string => {
  for (const [pattern, key] of PHRASES) {
    const match = pattern.exec(operation);
    if (match) return t(`connection.operation.${key}`, { path: match[1] ?? '' });
  }
  return operation;
};
