import { createPrivateKey, X509Certificate } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_TLS_FILE_BYTES, type PemFile, type TlsFileField } from '../../shared/api/mqtt';
import { AppError } from '../../shared/errors';

export const TLS_FILE_LABEL: Record<TlsFileField, string> = {
  ca: 'CA certificate',
  cert: 'client certificate',
  key: 'client key',
};

const CERTIFICATE_PEM =
  /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]+?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;
const KEY_PEM =
  /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/;

const refuse = (field: TlsFileField, name: string, problem: string) =>
  new AppError('TLS_ERROR', `The ${TLS_FILE_LABEL[field]} file "${name}" ${problem}`, { field, file: name });

const parsesAsCertificate = (pem: string): boolean => {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
};

const derKeyToPem = (der: Buffer): string | undefined => {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type }).export({ format: 'pem', type: 'pkcs8' }).toString();
    } catch {
      // Try the next encoding.
    }
  }
  return undefined;
};

/**
 * A certificate or key file's bytes as PEM text, checked for what the field needs: certificates must parse
 * (PEM, or DER converted to PEM), a key must be a PEM private key block or a DER key. The error names the field
 * and the file and says what to choose instead.
 */
const pemFromBytes = (field: TlsFileField, name: string, bytes: Uint8Array): PemFile => {
  if (bytes.byteLength === 0) throw refuse(field, name, 'is empty: choose the file again.');
  if (bytes.byteLength > MAX_TLS_FILE_BYTES) {
    throw refuse(
      field,
      name,
      `is ${bytes.byteLength} bytes; a certificate or key file is at most 256 KiB. Is it the right file?`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('utf8');
  if (field === 'key') {
    if (/-----BEGIN CERTIFICATE-----/.test(text) && !KEY_PEM.test(text)) {
      throw refuse(field, name, 'holds a certificate, not a private key: choose the key file (often .key).');
    }
    if (KEY_PEM.test(text)) return { name, pem: text };
    const pem = text.includes('-----BEGIN ') ? undefined : derKeyToPem(buffer);
    if (pem) return { name, pem };
    throw refuse(field, name, 'is not a private key (PEM "-----BEGIN PRIVATE KEY-----" or DER): choose the key file.');
  }
  const blocks = text.match(CERTIFICATE_PEM);
  if (blocks) {
    if (!blocks.every(parsesAsCertificate))
      throw refuse(field, name, 'holds a certificate that cannot be read: is the file complete?');
    return { name, pem: text };
  }
  if (KEY_PEM.test(text)) {
    throw refuse(
      field,
      name,
      'holds a private key, not a certificate: choose the certificate file (often .crt or .pem).',
    );
  }
  if (!text.includes('-----BEGIN ')) {
    try {
      return { name, pem: new X509Certificate(buffer).toString() };
    } catch {
      // Not DER either.
    }
  }
  throw refuse(
    field,
    name,
    'is not a certificate (PEM "-----BEGIN CERTIFICATE-----" or DER): choose the .pem, .crt or .cer file.',
  );
};

/**
 * Reads a certificate or key file (size-capped before reading) and checks it with pemFromBytes. Only for paths
 * that come from the user's own side: a grant the backend resolved, a CLI argument, a profile saved before
 * TLS files were picked.
 */
export const loadTlsFile = async (field: TlsFileField, path: string): Promise<PemFile> => {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new AppError(
      'TLS_ERROR',
      `Cannot read the ${TLS_FILE_LABEL[field]} file ${path} (${code}): choose it again.`,
      {
        field,
        file: name,
      },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse(field, name, 'is not a file: choose a certificate or key file.');
    if (info.size > MAX_TLS_FILE_BYTES) {
      throw refuse(
        field,
        name,
        `is ${info.size} bytes; a certificate or key file is at most 256 KiB. Is it the right file?`,
      );
    }
    const bytes = await handle.readFile();
    return pemFromBytes(field, name, bytes);
  } finally {
    await handle.close();
  }
};
