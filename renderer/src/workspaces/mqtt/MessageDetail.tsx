import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MqttRecord } from '../../../../shared/api/mqtt';
import { bytesToHex, utf8DecodeStrict } from '../../../../shared/mqtt/payload';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useMqttLogStore } from '../../stores/mqttLog';
import { useMqttPublishDraftStore } from '../../stores/mqttPublishDraft';
import { downloadBlob } from './logic/download';
import { VIEW_FORMATS, formatBytes, formatPayload, parseJsonPayload, type ViewFormat } from './logic/payload-view';
import { JsonTree } from './JsonTree';
import { draftFromRecord } from './logic/republish';
import { emulatorReasonText } from './logic/emulator-reason';

/** The verdict of a dropped message, with the emulator's reason when it says more than the verdict. */
const droppedText = (verdict: string, reason: string): string =>
  reason === verdict ? verdict : `${verdict} (${reason})`;

const fullTime = (ms: number) => {
  const d = new Date(ms);
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

const safeName = (topic: string) => topic.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'payload';

/** Everything about one message: metadata, MQTT 5 properties, the payload pretty-printed or as a tree, copy, save. */
export const MessageDetail = ({ record }: { record: MqttRecord }) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const [format, setFormat] = useState<ViewFormat>('auto');
  const [tree, setTree] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const formatted = useMemo(() => formatPayload(record.payload, format), [record, format]);
  const json = useMemo(
    () => (tree && !record.truncated ? parseJsonPayload(record.payload) : undefined),
    [record, tree],
  );
  const up = record.direction === 'out';
  const props = record.properties;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(formatted.text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      setCopied(false);
    }
  };

  const saveFull = async () => {
    const result = await api.mqttFullPayload({ sessionId: record.sessionId, messageId: record.id });
    if (!result.ok) return setError(result.error);
    const bytes = result.value.payload ?? new Uint8Array();
    downloadBlob(
      `${safeName(record.topic)}_${record.id}.bin`,
      new Blob([bytes.slice()], { type: 'application/octet-stream' }),
    );
  };

  /** Loads topic, payload (all of it), QoS, retain and properties into this connection's publish panel. */
  const republish = async () => {
    const connection = useMqttLogStore.getState().activeKey;
    if (connection === null) return;
    let payload = record.payload;
    if (record.truncated) {
      const result = await api.mqttFullPayload({ sessionId: record.sessionId, messageId: record.id });
      if (!result.ok) return setError(result.error);
      payload = result.value.payload ?? new Uint8Array();
    }
    useMqttPublishDraftStore.getState().load(draftFromRecord(record, connection, payload));
  };

  const rows: Array<[string, string]> = [
    [t('detail.time'), fullTime(record.time)],
    [t('log.topic'), record.topic],
    ['QoS', String(record.qos)],
    [t('retain'), record.retain ? t('detail.yes') : t('detail.no')],
    [t('log.size'), `${formatBytes(record.size)} (${record.size} B)`],
  ];
  if (record.dup) rows.push(['DUP', t('detail.yes')]);
  const trace = record.trace;
  if (trace) {
    rows.unshift([t('trace.event'), t(`trace.kind.${trace.kind.replace('.', '-')}`)]);
    if (trace.clientId) rows.push([t('trace.device'), trace.clientId]);
    rows.push([
      t('trace.verdict'),
      trace.dropped
        ? droppedText(t(`trace.dropped.${trace.kind.replace('.', '-')}`), emulatorReasonText(trace.dropped, t))
        : t('trace.accepted'),
    ]);
    if (trace.note) rows.push([t('trace.note'), trace.note]);
  }
  if (props?.contentType) rows.push([t('publish.contentType'), props.contentType]);
  if (props?.responseTopic) rows.push([t('publish.responseTopic'), props.responseTopic]);
  if (props?.correlationData)
    rows.push([
      t('publish.correlationData'),
      utf8DecodeStrict(props.correlationData) ?? bytesToHex(props.correlationData, ' '),
    ]);
  if (props?.messageExpiryInterval !== undefined)
    rows.push([t('publish.messageExpiry'), `${props.messageExpiryInterval} s`]);
  for (const p of props?.userProperties ?? []) rows.push([`${t('publish.userProperty')}: ${p.key}`, p.value]);

  return (
    <div className="mqtt-detail" data-testid="message-detail" data-direction={record.direction}>
      <div className={`mqtt-detail-dir ${up ? 'mqtt-up' : 'mqtt-down'}`}>
        {trace
          ? up
            ? `↑ ${t('trace.fromCloud')}`
            : `↓ ${t('trace.toCloud')}`
          : up
            ? `↑ ${t('log.uplink')}`
            : `↓ ${t('log.downlink')}`}{' '}
        <span className="muted">#{record.id}</span>
      </div>
      <dl className="mqtt-detail-meta">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={k === t('log.topic') ? 'mono' : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
      {record.truncated ? (
        <div className="mqtt-warning" data-testid="detail-truncated">
          {t('detail.truncated', { shown: formatBytes(record.payload.length), size: formatBytes(record.size) })}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void saveFull()}
            data-testid="detail-save-full"
          >
            {t('detail.saveFull')}
          </button>
        </div>
      ) : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <div className="mqtt-detail-toolbar">
        <select value={format} onChange={(e) => setFormat(e.target.value as ViewFormat)} data-testid="detail-format">
          {VIEW_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`formats.${f}`)}
            </option>
          ))}
        </select>
        {formatted.format === 'json' ? (
          <div className="mqtt-segmented">
            <button
              type="button"
              className={tree ? '' : 'active'}
              onClick={() => setTree(false)}
              data-testid="detail-pretty"
            >
              {t('detail.pretty')}
            </button>
            <button
              type="button"
              className={tree ? 'active' : ''}
              onClick={() => setTree(true)}
              data-testid="detail-tree"
            >
              {t('detail.tree')}
            </button>
          </div>
        ) : null}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void republish()}
          title={t('detail.republishHint')}
          data-testid="detail-republish"
        >
          {t('detail.republish')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid="detail-copy">
          {copied ? t('detail.copied') : t('detail.copy')}
        </button>
      </div>
      {formatted.problem ? <div className="muted small">{t(`detail.problem.${formatted.problem}`)}</div> : null}
      {tree && json !== undefined ? (
        <div translate="no">
          <JsonTree value={json} />
        </div>
      ) : (
        <pre className="mqtt-detail-payload" translate="no" data-testid="detail-payload" data-format={formatted.format}>
          {formatted.text}
        </pre>
      )}
    </div>
  );
};
