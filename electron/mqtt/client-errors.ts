import type { ConnectionOptions } from '../../shared/api/mqtt';

interface ClassifiedError {
  code: string;
  message: string;
  /** True when retrying cannot help (certificate problems): the session stops instead of reconnecting. */
  terminal: boolean;
}

const CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns a client or socket error into a status error with a message that says what to do. */
export const classifyClientError = (
  error: Error & { code?: string | number },
  connection: ConnectionOptions,
): ClassifiedError => {
  const code = typeof error.code === 'string' ? error.code : '';
  const where = `${connection.host}:${connection.port}`;
  if (CERT_CODES.has(code)) {
    const hint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'the certificate is for another name: set the TLS server name (SNI) or use the host name in the certificate'
        : code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID'
          ? 'the certificate is outside its validity dates: check the server certificate and this computer’s clock'
          : 'add the CA certificate file that signed the server certificate, or allow self-signed certificates for this profile';
    return {
      code: 'TLS_ERROR',
      message: `The server certificate of ${where} was rejected (${code}): ${hint}.`,
      terminal: true,
    };
  }
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    (/ssl|tls/i.test(error.message) && code === 'EPROTO')
  ) {
    return {
      code: 'TLS_ERROR',
      message: `The TLS handshake with ${where} failed (${code || error.message}): check that the port speaks TLS and the certificate files.`,
      terminal: true,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      code: 'MQTT_ERROR',
      message: `Nothing accepts connections on ${where}: check the host and port, or start the broker.`,
      terminal: false,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      code: 'MQTT_ERROR',
      message: `The host name "${connection.host}" cannot be resolved: check it and the network.`,
      terminal: false,
    };
  }
  if (code === 'ETIMEDOUT' || error.message === 'connack timeout') {
    return {
      code: 'TIMEOUT',
      message: `${where} did not answer in time: check the host, port and firewall.`,
      terminal: false,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      code: 'MQTT_ERROR',
      message: `${where} closed the connection: check the port, TLS setting and broker log.`,
      terminal: false,
    };
  }
  return { code: 'MQTT_ERROR', message: `Connection problem with ${where}: ${error.message}`, terminal: false };
};
