import type { PublishProperties, PublishTemplate } from '../../../../../shared/api/mqtt';
import type { PublishForm } from './publish-validation';

export const initialPublishForm = (version: '3.1.1' | '5', topic: string): PublishForm => ({
  topic,
  payload: '',
  format: 'text',
  version,
  messageExpiry: '',
  contentType: '',
  responseTopic: '',
  correlationData: '',
  correlationFormat: 'text',
  userProperties: [],
  repeat: false,
  intervalMs: '1000',
  count: '10',
});

/** The MQTT 5 properties the form asks for (undefined on 3.1.1 or when none is set). */
export const formProperties = (f: PublishForm): PublishProperties | undefined => {
  if (f.version !== '5') return undefined;
  const props: PublishProperties = {};
  if (f.messageExpiry.trim() !== '') props.messageExpiryInterval = Number(f.messageExpiry);
  if (f.contentType) props.contentType = f.contentType;
  if (f.responseTopic) props.responseTopic = f.responseTopic;
  if (f.correlationData) {
    props.correlationData = f.correlationData;
    props.correlationDataFormat = f.correlationFormat;
  }
  const users = f.userProperties.filter((p) => p.key.trim() !== '');
  if (users.length) props.userProperties = users;
  return Object.keys(props).length ? props : undefined;
};

/** A template (or a message being republished) written into the form. */
export const withTemplate = (
  f: PublishForm,
  tpl: Pick<PublishTemplate, 'topic' | 'payload' | 'format' | 'properties'>,
): PublishForm => {
  const p = tpl.properties;
  return {
    ...f,
    topic: tpl.topic,
    payload: tpl.payload,
    format: tpl.format,
    contentType: p?.contentType ?? '',
    responseTopic: p?.responseTopic ?? '',
    correlationData: p?.correlationData ?? '',
    correlationFormat: p?.correlationDataFormat ?? 'text',
    messageExpiry: p?.messageExpiryInterval === undefined ? '' : String(p.messageExpiryInterval),
    userProperties: p?.userProperties ?? [],
  };
};
