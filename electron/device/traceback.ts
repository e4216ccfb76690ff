import { ERRNO } from '../../shared/device/errno';
import { AppError, type ErrorCode } from '../../shared/errors';

interface PythonErrorInfo {
  /** Exception class, e.g. 'OSError', 'NameError', 'KeyboardInterrupt'. */
  type: string;
  message: string;
  /** Line of the innermost frame, when the traceback has one. */
  line: number | null;
  file: string | null;
  /** OSError number when the message carries one ('[Errno 2] ENOENT' or the old bare '2'). */
  errno: number | null;
  traceback: string;
}

const FRAME = /File "([^"]*)", line (\d+)/g;
const LAST_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;

/** Parses a MicroPython traceback (stderr of a raw-REPL exec). Returns null if there is none. */
export const parseTraceback = (stderr: string): PythonErrorInfo | null => {
  const text = stderr.replace(/\r\n/g, '\n').trim();
  if (!text) return null;
  let file: string | null = null;
  let line: number | null = null;
  for (const m of text.matchAll(FRAME)) {
    file = m[1] ?? null;
    line = Number(m[2]);
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = lines[lines.length - 1]?.trim() ?? '';
  const m = LAST_LINE.exec(last);
  const type = m?.[1] ?? 'Error';
  const message = m ? (m[2] ?? '') : last;
  const errnoMatch = /^\[Errno (\d+)\]/.exec(message) ?? (type === 'OSError' ? /^(-?\d+)$/.exec(message) : null);
  const errno = errnoMatch?.[1] ? Math.abs(Number(errnoMatch[1])) : null;
  return { type, message, line, file, errno, traceback: text };
};

const pythonDetail = (info: PythonErrorInfo) => ({
  type: info.type,
  message: info.message,
  line: info.line,
  file: info.file,
  traceback: info.traceback.slice(-4000),
  ...(info.errno === null ? {} : { errno: info.errno }),
});

/** A Python exception from user code: PYTHON_ERROR with the exception's type, message, line and file. */
export const pythonError = (info: PythonErrorInfo, extra: Record<string, string> = {}): AppError => {
  const where = info.line === null ? '' : ` (${info.file ?? '<stdin>'}, line ${info.line})`;
  const text = info.message ? `${info.type}: ${info.message}` : info.type;
  return new AppError('PYTHON_ERROR', `The code raised ${text}${where}.`, { ...pythonDetail(info), ...extra });
};

/**
 * An exception raised by one of our own file-operation scripts, mapped to what it means for `subject`
 * (a module path): a missing file, a full flash, a read-only folder, or otherwise a Python error.
 */
export const fileOperationError = (info: PythonErrorInfo, subject: string, action: string): AppError => {
  const detail = pythonDetail(info);
  const codeFor = (code: ErrorCode, message: string) => new AppError(code, message, { ...detail, path: subject });
  if (info.type === 'OSError' || info.type === 'FileNotFoundError') {
    switch (info.errno) {
      case ERRNO.ENOENT:
      case ERRNO.ENODEV:
        return codeFor(
          'NO_SUCH_FILE',
          `No such file or folder on the module: ${subject} (could not ${action}). Check the path, e.g. with "qpy ls".`,
        );
      case ERRNO.ENOTDIR:
        return codeFor('NO_SUCH_FILE', `A part of ${subject} is a file, not a folder (could not ${action}).`);
      case ERRNO.ENOSPC:
        return codeFor(
          'STORAGE_FULL',
          `Module storage full while trying to ${action} ${subject}: delete files or push smaller ones.`,
        );
      case ERRNO.EROFS:
      case ERRNO.EPERM:
      case ERRNO.EACCES:
        return codeFor(
          'READ_ONLY',
          `${subject} is read-only on the module (could not ${action}); QuecPython keeps user files under /usr.`,
        );
      case ERRNO.EEXIST:
        return codeFor('CONFLICT', `${subject} already exists on the module (could not ${action}).`);
      case ERRNO.EISDIR:
        return codeFor('CONFLICT', `${subject} is a folder, not a file (could not ${action}).`);
      case ERRNO.ENOTEMPTY:
        return codeFor('CONFLICT', `The folder ${subject} is not empty (could not ${action}); remove it recursively.`);
      default:
        break;
    }
  }
  if (info.type === 'MemoryError') {
    return codeFor(
      'DEVICE_BUSY',
      `The module ran out of memory while trying to ${action} ${subject}; soft-reset it and try again.`,
    );
  }
  return new AppError('PYTHON_ERROR', `Could not ${action} ${subject}: ${info.type}: ${info.message}`, {
    ...detail,
    path: subject,
  });
};
