/**
 * Every error code that can cross from the backend to a front door (UI, CLI).
 * Each code has one meaning; the message says what to fix.
 */
export const ERROR_CODES = [
  // contract / transport
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNKNOWN_CALL',
  'INTERNAL',
  'TIMEOUT',
  'CANCELLED',
  'NOT_FOUND',
  'CONFLICT',
  // serial ports and device link
  'PORT_NOT_FOUND',
  'PORT_BUSY',
  'PORT_PERMISSION',
  'PORT_ERROR',
  /** The path is not a serial port (a file, a disk, a device that is no terminal). */
  'PORT_NOT_SERIAL',
  'NOT_CONNECTED',
  'DISCONNECTED',
  'DEVICE_BUSY',
  'DEVICE_PROTOCOL',
  'PYTHON_ERROR',
  'NO_SUCH_FILE',
  'STORAGE_FULL',
  'READ_ONLY',
  'VERIFY_FAILED',
  'LOCAL_IO',
  // mqtt
  'MQTT_REFUSED',
  'MQTT_ERROR',
  'MQTT_NOT_CONNECTED',
  'INVALID_TOPIC',
  'PAYLOAD_TOO_LARGE',
  'INVALID_PAYLOAD',
  'TLS_ERROR',
  'BROKER_ERROR',
  // profiles, settings, credentials
  'INVALID_PROFILE',
  'INVALID_CREDENTIALS',
  'STORAGE_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Thrown inside services; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: Record<string, string | number | boolean | null> | undefined;

  constructor(code: ErrorCode, message: string, detail?: Record<string, string | number | boolean | null>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
