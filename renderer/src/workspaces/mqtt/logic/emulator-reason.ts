import type { TFunction } from 'i18next';
import { translateSentence, type Sentence } from '../../../i18n/sentences';

/*
 * The cloud emulators say why they refused a login or dropped a message in English (the CLI and the broker log show
 * it as is). These are their sentences, as keys of mqtt:emulatorReason with the varying parts as parameters.
 */
const REASONS: ReadonlyArray<Sentence> = [
  [/^dropped: topic not allowed for device$/, 'downlinkNotAllowed', []],
  [/^the device may not publish to this topic; the cloud drops the connection$/, 'publishDenied', []],
  [/^not a topic of this device$/, 'subscribeDenied', []],
  [/^emulator error: (.*)$/s, 'emulatorError', ['message']],
  [/^clientId is not in the form clientId\|securemode=\.\.,signmethod=\.\.\|$/, 'aliyunClientIdForm', []],
  [/^clientId part must be 1–64 characters$/, 'aliyunClientIdLength', []],
  [/^unknown authType (.*)$/, 'aliyunAuthType', ['value']],
  [/^connwl needs securemode=-2$/, 'aliyunConnwl', []],
  [/^securemode must be 2 \(TLS\) or 3 \(TCP\)$/, 'aliyunSecureMode', []],
  [/^unsupported signmethod (.*)$/, 'aliyunSignMethod', ['value']],
  [/^username must be DeviceName&ProductKey$/, 'aliyunUsername', []],
  [/^password is missing$/, 'passwordMissing', []],
  [/^no such device in this product$/, 'noSuchDevice', []],
  [/^dynamic registration needs TLS \(securemode=2\)$/, 'dynregTls', []],
  [/^dynamic registration needs random=$/, 'dynregRandom', []],
  [/^dynamic registration is not enabled for this product$/, 'dynregDisabled', []],
  [/^registration signature does not match the ProductSecret$/, 'dynregSignature', []],
  [/^unknown deviceToken$/, 'unknownDeviceToken', []],
  [/^device has no DeviceSecret yet$/, 'noDeviceSecret', []],
  [/^signature does not match DeviceSecret$/, 'aliyunSignature', []],
  [/^OneNET requires clean session = 1$/, 'onenetCleanSession', []],
  [/^username is not this product id$/, 'onenetUsername', []],
  [/^clientId is not a device name of this product$/, 'onenetClientId', []],
  [/^password is not a version=&res=&et=&method=&sign= token$/, 'onenetToken', []],
  [/^unsupported token version (.*)$/, 'onenetVersion', ['value']],
  [/^unsupported method (.*)$/, 'onenetMethod', ['value']],
  [/^token res (.*) does not grant this device$/, 'onenetRes', ['value']],
  [/^token expired at (.*)$/, 'onenetExpired', ['time']],
  [/^token signature does not match the access_key$/, 'onenetSignature', []],
  [/^clientId is not \{device_id\}_0_\{0\|1\}_\{YYYYMMDDHH\}$/, 'huaweiClientId', []],
  [/^no such device id$/, 'huaweiNoDevice', []],
  [/^timestamp (.*) is not the current UTC hour \((.*)\)$/, 'huaweiTimestamp', ['value', 'now']],
  [/^password does not match the secret$/, 'huaweiPassword', []],
];

const SUFFIXES: ReadonlyArray<[string, string]> = [
  ['; the connection is refused', 'connectionRefused'],
  ['; the message is dropped', 'messageDropped'],
];

const sentence = (reason: string, t: TFunction): string | null =>
  translateSentence(reason, REASONS, t, { ns: 'mqtt', prefix: 'emulatorReason' });

/** An emulator's reason in the UI's language; a sentence it does not know stays as the emulator said it. */
export const emulatorReasonText = (reason: string, t: TFunction): string => {
  for (const [suffix, key] of SUFFIXES) {
    if (!reason.endsWith(suffix)) continue;
    const inner = sentence(reason.slice(0, -suffix.length), t);
    return inner === null ? reason : t(`emulatorReason.${key}`, { reason: inner, ns: 'mqtt' });
  }
  return sentence(reason, t) ?? reason;
};
