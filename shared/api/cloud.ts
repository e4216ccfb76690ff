import { z } from 'zod';
import { call } from './define';
import type { CloudSummary } from '../cloud';
import { CHECKABLE_CLOUDS, type CredentialCheckResult } from '../cloud/check/types';
import type { CloudCredentials, EmulatedCloudId, EmulatorEvent } from '../cloud/types';

/*
 * Cloud credential wizard contract: list the clouds and their forms, compute MQTT credentials, generate a
 * QuecPython main.py, register a device (Aliyun one type one secret), and run a cloud emulator on the
 * embedded broker.
 */

const CLOUD_ID_VALUES = ['aliyun', 'onenet', 'huawei', 'tencent', 'azure', 'aws', 'thingsboard', 'generic'] as const;
const cloudIdSchema = z.enum(CLOUD_ID_VALUES);
const emulatedCloudSchema = z.enum(['aliyun', 'onenet', 'huawei']);
/** Form values as typed; every value is a string. */
const fieldsSchema = z.record(z.string(), z.string());

export const scriptOptionsSchema = z
  .object({
    intervalS: z.number().int().min(1).max(86_400).optional(),
    property: z.string().min(1).max(64).optional(),
    keepalive: z.number().int().min(0).max(65_535).optional(),
    aliyunClient: z.enum(['module', 'umqtt']).optional(),
    oneNetFormat: z.enum(['dp', 'thing']).optional(),
    huaweiServiceId: z.string().min(1).max(64).optional(),
    projectName: z.string().min(1).max(32).optional(),
    projectVersion: z.string().min(1).max(16).optional(),
  })
  .strict();

interface CloudScript {
  fileName: 'main.py';
  script: string;
  credentials: CloudCredentials;
}

export interface CloudRegisterResult {
  productKey: string;
  deviceName: string;
  /** `register` (pre-registered device): the DeviceSecret the cloud issued. */
  deviceSecret?: string;
  /** `regnwl`: the client id and token to connect with (authType=connwl). */
  clientId?: string;
  deviceToken?: string;
  /** Ready-to-use MQTT credentials with what the cloud returned. */
  credentials: { host: string; port: number; tls: boolean; clientId: string; username: string; password: string };
}

export interface CloudEmulatorStatus {
  running: boolean;
  cloud?: EmulatedCloudId;
  /** Product/device identifiers (never secrets). */
  device?: string;
  broker?: { host: string; port?: number };
  connected: string[];
  events: EmulatorEvent[];
}

/** Where the device connects instead of the cloud's own host (the emulator on 127.0.0.1). */
const endpointSchema = z
  .object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65_535), tls: z.boolean() })
  .strict();

const empty = z.object({}).strict();

export const cloudCalls = {
  cloudList: call(empty).returns<CloudSummary[]>(),
  cloudCompute: call(z.object({ cloud: cloudIdSchema, fields: fieldsSchema }).strict()).returns<CloudCredentials>(),
  /** Decodes a pasted clientId / username / password and, with the secret, verifies it and names what differs. */
  cloudCheck: call(
    z
      .object({
        cloud: z.enum(CHECKABLE_CLOUDS),
        clientId: z.string().max(4096),
        username: z.string().max(4096),
        password: z.string().max(8192),
        secret: z.string().max(4096).optional(),
      })
      .strict(),
  ).returns<CredentialCheckResult>(),
  cloudGenerateScript: call(
    z
      .object({
        cloud: cloudIdSchema,
        fields: fieldsSchema,
        options: scriptOptionsSchema.optional(),
        /** Connect somewhere else than the cloud's host, e.g. the emulated cloud on the embedded broker. */
        endpoint: endpointSchema.optional(),
      })
      .strict(),
  ).returns<CloudScript>(),
  /** Aliyun one type one secret: get a DeviceSecret (register) or a token (regnwl), over HTTPS or MQTT. */
  cloudRegister: call(
    z
      .object({
        cloud: z.literal('aliyun'),
        transport: z.enum(['https', 'mqtt']),
        mode: z.enum(['register', 'regnwl']).default('register'),
        productKey: z.string().min(1),
        productSecret: z.string().min(1),
        deviceName: z.string().min(1),
        signMethod: z.enum(['hmacmd5', 'hmacsha1', 'hmacsha256']).optional(),
        regionId: z.string().optional(),
        instanceId: z.string().optional(),
        /** Register against the running Aliyun emulator instead of the cloud. */
        useEmulator: z.boolean().optional(),
      })
      .strict(),
  ).returns<CloudRegisterResult>(),
  /** (Re)starts the embedded broker as the cloud: `spec` as on the CLI, or the wizard's `fields`. */
  cloudEmulatorStart: call(
    z
      .object({
        cloud: emulatedCloudSchema,
        spec: z.string().min(3).optional(),
        fields: fieldsSchema.optional(),
        productSecret: z.string().optional(),
        checkTimestamp: z.boolean().optional(),
        port: z.number().int().min(0).max(65_535).optional(),
      })
      .strict(),
  ).returns<CloudEmulatorStatus>(),
  cloudEmulatorStop: call(empty).returns<CloudEmulatorStatus>(),
  cloudEmulatorStatus: call(empty).returns<CloudEmulatorStatus>(),
  /** Sends a downlink as the cloud would, by topic name (e.g. property.set, cmd.request, commands.request). */
  cloudEmulatorDownlink: call(
    z
      .object({
        name: z.string().min(1),
        params: z.record(z.string(), z.unknown()).optional(),
        payload: z.string().optional(),
        identifier: z.string().optional(),
        serviceId: z.string().optional(),
        commandName: z.string().optional(),
      })
      .strict(),
  ).returns<{ topic: string; payload: string }>(),
};

export interface CloudEvents {
  /** Each thing the emulated cloud did (accept/refuse, deny, reply, downlink). */
  'cloud.emulator': EmulatorEvent;
}
