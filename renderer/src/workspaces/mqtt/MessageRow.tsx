import { memo } from 'react';
import type { MqttRecord, TraceInfo } from '../../../../shared/api/mqtt';
import { formatBytes, formatTime, previewPayload, type ViewFormat } from './logic/payload-view';

const previews = new WeakMap<MqttRecord, { format: ViewFormat; text: string }>();

/** Row previews are computed once per record and format (rows re-render many times a second). */
const cachedPreview = (record: MqttRecord, format: ViewFormat): string => {
  const cached = previews.get(record);
  if (cached && cached.format === format) return cached.text;
  const text = previewPayload(record.payload, format);
  previews.set(record, { format, text });
  return text;
};

interface MessageRowProps {
  record: MqttRecord;
  format: ViewFormat;
  color: string | undefined;
  selected: boolean;
  top: number;
  onSelect(record: MqttRecord): void;
  labels: {
    up: string;
    down: string;
    retain: string;
    truncated: string;
    /** Observer rows: what each trace kind is called, and the verdict of a dropped one. */
    trace: Record<TraceInfo['kind'], string>;
    dropped: Record<TraceInfo['kind'], string>;
    /** The emulator's reason for a dropped one, in the UI's language. */
    reason(text: string): string;
  };
}

/** One message in the log: colour of its subscription, direction, time (ms), topic, QoS, retain, size, preview. */
export const MessageRow = memo(({ record, format, color, selected, top, onSelect, labels }: MessageRowProps) => {
  const up = record.direction === 'out';
  const trace = record.trace;
  return (
    <div
      role="row"
      className={`mqtt-row ${up ? 'mqtt-row-up' : 'mqtt-row-down'}${selected ? ' selected' : ''}${trace?.dropped ? ' mqtt-row-dropped' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(record)}
      data-testid="log-row"
      data-direction={record.direction}
      data-topic={record.topic}
    >
      <span className="mqtt-row-color" style={color ? { background: color } : undefined} />
      <span className="mqtt-dir" title={up ? labels.up : labels.down} data-testid="log-row-dir">
        {up ? '↑' : '↓'}
      </span>
      <span className="mqtt-time mono">{formatTime(record.time)}</span>
      <span className="mqtt-topic mono" title={record.topic}>
        {trace ? (
          <span className="mqtt-trace-kind" data-testid="log-row-trace" data-kind={trace.kind}>
            {labels.trace[trace.kind]}
            {trace.clientId ? ` · ${trace.clientId}` : ''}
          </span>
        ) : null}
        {record.topic}
      </span>
      <span className="mqtt-qos">Q{record.qos}</span>
      <span className="mqtt-flags">
        {record.retain ? (
          <span className="mqtt-flag-retain" title={labels.retain}>
            R
          </span>
        ) : null}
      </span>
      <span className="mqtt-size">{formatBytes(record.size)}</span>
      <span className="mqtt-preview mono">
        {trace?.dropped ? (
          <span className="mqtt-trace-verdict" data-testid="log-row-verdict" title={labels.reason(trace.dropped)}>
            ✕ {labels.dropped[trace.kind]}{' '}
          </span>
        ) : null}
        <span translate="no">{cachedPreview(record, format)}</span>
        {record.truncated ? <span className="mqtt-flag-truncated"> {labels.truncated}</span> : null}
      </span>
    </div>
  );
});
MessageRow.displayName = 'MessageRow';
