/** Human explanations of CONNACK refusals: MQTT 3.1.1 return codes and MQTT 5 reason codes. */

interface RefusalExplanation {
  /** Short name of the code, e.g. "Bad user name or password". */
  reason: string;
  /** What it usually means and what to do. */
  hint: string;
  /** True when retrying with the same settings cannot help (credentials, client id, protocol). */
  permanent: boolean;
}

const v311: Record<number, RefusalExplanation> = {
  1: {
    reason: 'Unacceptable protocol version',
    hint: 'The broker does not speak this MQTT version: switch the profile to the other version (3.1.1 or 5).',
    permanent: true,
  },
  2: {
    reason: 'Client identifier rejected',
    hint: 'The broker refused the client id: check its format and length (clouds require an exact id).',
    permanent: true,
  },
  3: {
    reason: 'Server unavailable',
    hint: 'The broker is up but cannot take connections now; QPY Studio retries.',
    permanent: false,
  },
  4: {
    reason: 'Bad user name or password',
    hint: 'Check the user name and password (for a cloud, regenerate the password: signatures and tokens expire).',
    permanent: true,
  },
  5: {
    reason: 'Not authorised',
    hint: 'The broker refused this client: check the credentials and the device is allowed (enabled) on the server.',
    permanent: true,
  },
};

const v5: Record<number, RefusalExplanation> = {
  0x80: { reason: 'Unspecified error', hint: 'The broker refused without saying why: check its log.', permanent: true },
  0x81: {
    reason: 'Malformed packet',
    hint: 'The broker could not parse the CONNECT packet: check the options (will, properties).',
    permanent: true,
  },
  0x82: { reason: 'Protocol error', hint: 'The CONNECT broke a protocol rule: check the options.', permanent: true },
  0x83: {
    reason: 'Implementation specific error',
    hint: 'The broker refused the connection for its own reasons: check its documentation or log.',
    permanent: true,
  },
  0x84: {
    reason: 'Unsupported protocol version',
    hint: 'The broker does not speak MQTT 5: switch the profile to MQTT 3.1.1.',
    permanent: true,
  },
  0x85: {
    reason: 'Client identifier not valid',
    hint: 'The broker refused the client id: check its format and length (clouds require an exact id).',
    permanent: true,
  },
  0x86: {
    reason: 'Bad user name or password',
    hint: 'Check the user name and password (for a cloud, regenerate the password: signatures and tokens expire).',
    permanent: true,
  },
  0x87: {
    reason: 'Not authorised',
    hint: 'The broker refused this client: check the credentials and that the device is allowed on the server.',
    permanent: true,
  },
  0x88: {
    reason: 'Server unavailable',
    hint: 'The broker cannot take connections now; QPY Studio retries.',
    permanent: false,
  },
  0x89: { reason: 'Server busy', hint: 'The broker is busy; QPY Studio retries.', permanent: false },
  0x8a: { reason: 'Banned', hint: 'The broker banned this client: ask its administrator.', permanent: true },
  0x8c: {
    reason: 'Bad authentication method',
    hint: 'The broker does not support the authentication method asked for.',
    permanent: true,
  },
  0x90: { reason: 'Topic name invalid', hint: 'The will topic is not accepted: change it.', permanent: true },
  0x95: {
    reason: 'Packet too large',
    hint: 'The CONNECT packet is too large for the broker: shorten the will message.',
    permanent: true,
  },
  0x97: { reason: 'Quota exceeded', hint: 'A broker quota was exceeded; QPY Studio retries.', permanent: false },
  0x99: { reason: 'Payload format invalid', hint: 'The will payload does not match its format.', permanent: true },
  0x9a: { reason: 'Retain not supported', hint: 'The broker does not allow a retained will.', permanent: true },
  0x9b: { reason: 'QoS not supported', hint: 'The broker does not allow the will QoS: lower it.', permanent: true },
  0x9c: { reason: 'Use another server', hint: 'The broker asks the client to use another server.', permanent: true },
  0x9d: { reason: 'Server moved', hint: 'The broker has moved: update the host.', permanent: true },
  0x9f: {
    reason: 'Connection rate exceeded',
    hint: 'Too many connection attempts; QPY Studio retries more slowly.',
    permanent: false,
  },
};

export const explainConnackCode = (protocolVersion: 4 | 5, code: number): RefusalExplanation => {
  // A 3.1.1-only broker answers an MQTT 5 CONNECT with a 3.1.1 return code (1 = unacceptable protocol).
  const table = protocolVersion === 5 && code >= 0x80 ? v5 : v311;
  return (
    table[code] ?? {
      reason: `Refused with code ${code}`,
      hint: 'The broker refused the connection with a code this app does not know: check the broker log.',
      permanent: true,
    }
  );
};

/** Names of MQTT 5 reason codes in SUBACK/PUBACK/PUBREC (≥ 0x80 is a failure). */
export const ACK_REASONS: Record<number, string> = {
  0x00: 'Success',
  0x01: 'Granted QoS 1',
  0x02: 'Granted QoS 2',
  0x10: 'No matching subscribers',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorised',
  0x8f: 'Topic filter invalid',
  0x90: 'Topic name invalid',
  0x91: 'Packet identifier in use',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
  0x9e: 'Shared subscriptions not supported',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};
