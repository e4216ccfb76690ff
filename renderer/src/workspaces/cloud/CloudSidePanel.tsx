import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEmulatorStatus } from '../../../../shared/api/cloud';
import type { CloudTopic, EmulatedCloudId, EmulatorEvent } from '../../../../shared/cloud';
import type { SeqEvent } from './useEmulator';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { DOWNLINKS, parseParams } from './downlinks';

const time = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

const EventRow = ({ event }: { event: EmulatorEvent }) => {
  const { t } = useTranslation('cloud');
  return (
    <li data-testid={`emulator-event-${event.kind}`}>
      <span className="event-time">{time(event.at)}</span>
      <span className={`event-kind event-kind-${event.kind.replace('.', '-')}`}>
        {t(`emulator.kinds.${event.kind}`)}
      </span>
      <span className="event-body">
        {event.topic ? <code>{event.topic}</code> : event.clientId ? <code>{event.clientId}</code> : null}
        {event.reason ? <span className="muted"> {event.reason}</span> : null}
        {event.payload ? <span className="event-payload">{event.payload}</span> : null}
      </span>
    </li>
  );
};

/** The cloud's side of the emulated connection: send a downlink as the cloud would, and see what it received. */
export const CloudSidePanel = ({
  cloud,
  status,
  events,
  topics,
}: {
  cloud: EmulatedCloudId;
  status: CloudEmulatorStatus;
  events: SeqEvent[];
  topics: CloudTopic[];
}) => {
  const { t, i18n } = useTranslation('cloud');
  const api = useApi();
  const presets = DOWNLINKS[cloud];
  const [presetName, setPresetName] = useState(presets[0]!.name);
  const preset = presets.find((p) => p.name === presetName) ?? presets[0]!;
  const [params, setParams] = useState<Record<string, string>>({});
  const [serviceId, setServiceId] = useState<Record<string, string>>({});
  const [commandName, setCommandName] = useState<Record<string, string>>({});
  const [identifier, setIdentifier] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const zh = i18n.language.startsWith('zh');
  const paramsText = params[preset.name] ?? preset.params;
  const parsed = parseParams(paramsText);
  const topic = topics.find((x) => x.name === preset.name && x.direction === 'down');

  const send = async () => {
    if (!parsed) return;
    setSending(true);
    setError(null);
    const sid = serviceId[preset.name] ?? preset.serviceId;
    const cmd = commandName[preset.name] ?? preset.commandName;
    const ident = identifier[preset.name] ?? preset.identifier;
    const r = await api.cloudEmulatorDownlink({
      name: preset.name,
      params: parsed,
      ...(sid !== undefined ? { serviceId: sid } : {}),
      ...(cmd !== undefined ? { commandName: cmd } : {}),
      ...(ident !== undefined ? { identifier: ident } : {}),
    });
    setSending(false);
    if (!r.ok) setError(r.error);
  };

  const shown = events.slice(-100).reverse();
  return (
    <div className="cloud-side" data-testid="cloud-side">
      <div className="emulator-status">
        {status.connected.length > 0 ? (
          <span className="badge badge-ok" data-testid="emulator-online">
            {t('emulator.connected', { clients: status.connected.join(', ') })}
          </span>
        ) : (
          <span className="badge">{t('emulator.offline')}</span>
        )}
      </div>
      <form
        className="downlink-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label>
          {t('emulator.downlink')}
          <select value={preset.name} data-testid="downlink-kind" onChange={(e) => setPresetName(e.target.value)}>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {zh ? p.label.zh : p.label.en}
              </option>
            ))}
          </select>
        </label>
        {preset.serviceId !== undefined ? (
          <label>
            service_id
            <input
              value={serviceId[preset.name] ?? preset.serviceId}
              onChange={(e) => setServiceId({ ...serviceId, [preset.name]: e.target.value })}
            />
          </label>
        ) : preset.identifier !== undefined ? (
          <label>
            identifier
            <input
              value={identifier[preset.name] ?? preset.identifier}
              onChange={(e) => setIdentifier({ ...identifier, [preset.name]: e.target.value })}
            />
          </label>
        ) : (
          <span />
        )}
        {preset.commandName !== undefined ? (
          <label>
            command_name
            <input
              value={commandName[preset.name] ?? preset.commandName}
              onChange={(e) => setCommandName({ ...commandName, [preset.name]: e.target.value })}
            />
          </label>
        ) : null}
        {topic ? (
          <div className="wide muted small">
            <code className="topic-text">{topic.topic}</code>
          </div>
        ) : null}
        <label className="wide">
          {t('emulator.params')}
          <textarea
            rows={2}
            value={paramsText}
            data-testid="downlink-params"
            aria-invalid={parsed ? undefined : true}
            onChange={(e) => setParams({ ...params, [preset.name]: e.target.value })}
          />
          {parsed ? null : <span className="field-error">{t('emulator.invalidJson')}</span>}
        </label>
        <div className="wide">
          <button
            type="submit"
            className="btn btn-primary btn-small"
            disabled={!parsed || sending}
            data-testid="send-downlink"
          >
            {t('emulator.send')}
          </button>
        </div>
      </form>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <div className="section-header">
        <h2>{t('emulator.received')}</h2>
      </div>
      {shown.length === 0 ? (
        <div className="event-empty">{t('emulator.noEvents')}</div>
      ) : (
        <ul className="event-log" data-testid="emulator-events">
          {shown.map((e) => (
            <EventRow key={e.seq} event={e} />
          ))}
        </ul>
      )}
    </div>
  );
};
