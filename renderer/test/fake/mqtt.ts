import type { mqttCalls } from '../../../shared/api/mqtt';
import type { FakeDomain } from './types';
import { unconfigured } from './types';

export const mqttFakes: FakeDomain<keyof typeof mqttCalls> = {
  profilesList: unconfigured('profilesList'),
  profileSave: unconfigured('profileSave'),
  profileDelete: unconfigured('profileDelete'),
  profileDuplicate: unconfigured('profileDuplicate'),
  profilesImport: unconfigured('profilesImport'),
  profilesExport: unconfigured('profilesExport'),
  profileRevealSecret: unconfigured('profileRevealSecret'),
  mqttConnect: unconfigured('mqttConnect'),
  mqttDisconnect: unconfigured('mqttDisconnect'),
  mqttSessions: unconfigured('mqttSessions'),
  mqttSubscribe: unconfigured('mqttSubscribe'),
  mqttUnsubscribe: unconfigured('mqttUnsubscribe'),
  mqttPublish: unconfigured('mqttPublish'),
  mqttFullPayload: unconfigured('mqttFullPayload'),
  brokerStatus: unconfigured('brokerStatus'),
  brokerStart: unconfigured('brokerStart'),
  brokerStop: unconfigured('brokerStop'),
};
