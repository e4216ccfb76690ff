import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileView, PublishProperties, PublishTemplate, QoS, SessionStatus } from '../../../../shared/api/mqtt';
import { PAYLOAD_FORMATS, type PayloadFormat } from '../../../../shared/mqtt/payload';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { isLive, useMqttSessionsStore } from '../../stores/mqttSessions';
import { profileToSave } from './logic/profile-draft';
import { validatePublish, type PublishForm, type PublishProblem } from './logic/publish-validation';

const HISTORY_KEY = 'qpy.mqtt.topicHistory';
const HISTORY_MAX = 30;

const readHistory = (): string[] => {
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

const rememberTopic = (topic: string): string[] => {
  const next = [topic, ...readHistory().filter((t) => t !== topic)].slice(0, HISTORY_MAX);
  globalThis.localStorage?.setItem(HISTORY_KEY, JSON.stringify(next));
  return next;
};

const initialForm = (version: '3.1.1' | '5'): PublishForm => ({
  topic: readHistory()[0] ?? '',
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

const toProperties = (f: PublishForm): PublishProperties | undefined => {
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

/** Publish: topic with history, QoS, retain, payload as text/JSON/hex/base64, templates, repeat, MQTT 5 properties. */
export const PublishPanel = ({ profile, session }: { profile: ProfileView; session: SessionStatus | undefined }) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const version = profile.connection.version;
  const [form, setForm] = useState<PublishForm>(() => initialForm(version));
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [history, setHistory] = useState(readHistory);
  const [problems, setProblems] = useState<PublishProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [showProps, setShowProps] = useState(false);
  const [running, setRunning] = useState<{ sent: number; total: number } | null>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const live = isLive(session) && session.state === 'connected' ? session : undefined;

  useEffect(() => setForm((f) => ({ ...f, version })), [version]);
  useEffect(() => () => stopRef.current?.(), []);

  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems([]);
  };

  const prettify = () => {
    try {
      set('payload', JSON.stringify(JSON.parse(form.payload), null, 2));
    } catch {
      setProblems(validatePublish({ ...form, format: 'json' }).filter((p) => p.field === 'payload'));
    }
  };

  const publishOnce = async (): Promise<boolean> => {
    if (!session) return false;
    const properties = toProperties(form);
    const result = await api.mqttPublish({
      sessionId: session.sessionId,
      topic: form.topic,
      payload: form.payload,
      format: form.format,
      qos,
      retain,
      ...(properties ? { properties } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    return true;
  };

  const send = async () => {
    const found = validatePublish(form);
    setProblems(found);
    if (found.length > 0 || !live) return;
    setError(null);
    setHistory(rememberTopic(form.topic));
    if (!form.repeat) {
      await publishOnce();
      return;
    }
    const total = Number(form.count);
    let sent = 0;
    let stopped = false;
    setRunning({ sent, total });
    const timer = setInterval(() => {
      if (stopped) return;
      if (sent >= total) return stop();
      sent++;
      setRunning({ sent, total });
      void publishOnce().then((ok) => (ok ? undefined : stop()));
      if (sent >= total) stop();
    }, Number(form.intervalMs));
    const stop = () => {
      stopped = true;
      clearInterval(timer);
      stopRef.current = null;
      setRunning(null);
    };
    stopRef.current = stop;
  };

  const saveTemplate = async () => {
    const name = window.prompt(t('publish.templateName'), form.topic);
    if (!name) return;
    const properties = toProperties(form);
    const template: PublishTemplate = {
      name,
      topic: form.topic,
      payload: form.payload,
      format: form.format,
      qos,
      retain,
      ...(properties ? { properties } : {}),
    };
    const templates = [...profile.templates.filter((x) => x.name !== name), template];
    const result = await api.profileSave(profileToSave(profile, { templates }));
    if (!result.ok) return setError(result.error);
    useMqttSessionsStore.getState().upsertProfile(result.value);
  };

  const loadTemplate = (name: string) => {
    const tpl = profile.templates.find((x) => x.name === name);
    if (!tpl) return;
    setQos(tpl.qos);
    setRetain(tpl.retain);
    const p = tpl.properties;
    setForm((f) => ({
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
    }));
    setProblems([]);
  };

  const problemFor = (field: PublishProblem['field']) => problems.filter((p) => p.field === field);

  return (
    <section className="mqtt-publish" data-testid="publish-panel">
      <div className="mqtt-publish-row">
        <input
          type="text"
          className={`mqtt-publish-topic mono${problemFor('topic').length ? ' invalid' : ''}`}
          list="mqtt-topic-history"
          placeholder={t('publish.topic')}
          value={form.topic}
          onChange={(e) => set('topic', e.target.value)}
          data-testid="publish-topic"
          spellCheck={false}
        />
        <datalist id="mqtt-topic-history">
          {history.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
        <select
          value={qos}
          onChange={(e) => setQos(Number(e.target.value) as QoS)}
          data-testid="publish-qos"
          title="QoS"
        >
          {[0, 1, 2].map((q) => (
            <option key={q} value={q}>
              QoS {q}
            </option>
          ))}
        </select>
        <label className="mqtt-check" title={t('retainHint')}>
          <input
            type="checkbox"
            checked={retain}
            onChange={(e) => setRetain(e.target.checked)}
            data-testid="publish-retain"
          />
          {t('retain')}
        </label>
        <div className="mqtt-segmented" role="group" aria-label={t('publish.format')}>
          {PAYLOAD_FORMATS.map((f) => (
            <button
              key={f}
              type="button"
              className={form.format === f ? 'active' : ''}
              onClick={() => set('format', f as PayloadFormat)}
              data-testid={`publish-format-${f}`}
            >
              {t(`formats.${f}`)}
            </button>
          ))}
        </div>
        {form.format === 'json' ? (
          <button type="button" className="btn btn-small" onClick={prettify} data-testid="publish-prettify">
            {t('publish.prettify')}
          </button>
        ) : null}
        <span className="spacer" />
        <select
          value=""
          onChange={(e) => loadTemplate(e.target.value)}
          data-testid="publish-template"
          title={t('publish.templates')}
        >
          <option value="">{t('publish.templates')}…</option>
          {profile.templates.map((tpl) => (
            <option key={tpl.name} value={tpl.name}>
              {tpl.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void saveTemplate()}
          data-testid="publish-save-template"
        >
          {t('publish.saveTemplate')}
        </button>
        {version === '5' ? (
          <button
            type="button"
            className={`btn btn-small${showProps ? ' active' : ''}`}
            onClick={() => setShowProps(!showProps)}
            data-testid="publish-properties-toggle"
          >
            {t('publish.properties')}
          </button>
        ) : null}
      </div>
      {version === '5' && showProps ? (
        <div className="mqtt-publish-props" data-testid="publish-properties">
          <input
            type="text"
            placeholder={t('publish.contentType')}
            value={form.contentType}
            onChange={(e) => set('contentType', e.target.value)}
          />
          <input
            type="text"
            placeholder={t('publish.responseTopic')}
            value={form.responseTopic}
            onChange={(e) => set('responseTopic', e.target.value)}
            className={problemFor('responseTopic').length ? 'invalid' : ''}
          />
          <span className="mqtt-input-with-button">
            <input
              type="text"
              placeholder={t('publish.correlationData')}
              value={form.correlationData}
              onChange={(e) => set('correlationData', e.target.value)}
              className={problemFor('correlationData').length ? 'invalid' : ''}
            />
            <select
              value={form.correlationFormat}
              onChange={(e) => set('correlationFormat', e.target.value as 'text' | 'hex' | 'base64')}
            >
              <option value="text">{t('formats.text')}</option>
              <option value="hex">{t('formats.hex')}</option>
              <option value="base64">{t('formats.base64')}</option>
            </select>
          </span>
          <input
            type="text"
            inputMode="numeric"
            placeholder={t('publish.messageExpiry')}
            value={form.messageExpiry}
            onChange={(e) => set('messageExpiry', e.target.value)}
            className={problemFor('messageExpiry').length ? 'invalid' : ''}
            data-testid="publish-expiry"
          />
          <div className="mqtt-user-props">
            {form.userProperties.map((p, i) => (
              <span key={i} className="mqtt-user-prop">
                <input
                  type="text"
                  placeholder={t('publish.key')}
                  value={p.key}
                  onChange={(e) =>
                    set(
                      'userProperties',
                      form.userProperties.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)),
                    )
                  }
                />
                <input
                  type="text"
                  placeholder={t('publish.value')}
                  value={p.value}
                  onChange={(e) =>
                    set(
                      'userProperties',
                      form.userProperties.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                    )
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  onClick={() =>
                    set(
                      'userProperties',
                      form.userProperties.filter((_, j) => j !== i),
                    )
                  }
                >
                  ✕
                </button>
              </span>
            ))}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => set('userProperties', [...form.userProperties, { key: '', value: '' }])}
            >
              + {t('publish.userProperty')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="mqtt-publish-body">
        <textarea
          className={`mqtt-payload mono${problemFor('payload').length ? ' invalid' : ''}`}
          value={form.payload}
          placeholder={t(`publish.placeholder.${form.format}`)}
          onChange={(e) => set('payload', e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void send();
            }
          }}
          data-testid="publish-payload"
          spellCheck={false}
        />
        <div className="mqtt-publish-actions">
          <label className="mqtt-check">
            <input
              type="checkbox"
              checked={form.repeat}
              onChange={(e) => set('repeat', e.target.checked)}
              data-testid="publish-repeat"
            />
            {t('publish.repeat')}
          </label>
          {form.repeat ? (
            <span className="mqtt-repeat">
              <input
                type="text"
                inputMode="numeric"
                value={form.intervalMs}
                onChange={(e) => set('intervalMs', e.target.value)}
                data-testid="publish-interval"
                title={t('publish.intervalMs')}
              />
              <span className="muted small">ms ×</span>
              <input
                type="text"
                inputMode="numeric"
                value={form.count}
                onChange={(e) => set('count', e.target.value)}
                data-testid="publish-count"
                title={t('publish.times')}
              />
            </span>
          ) : null}
          {running ? (
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => stopRef.current?.()}
              data-testid="publish-stop"
            >
              ■ {t('publish.stop')} ({running.sent}/{running.total})
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void send()}
              disabled={!live}
              data-testid="publish-send"
              title={live ? 'Ctrl+Enter' : t('publish.notConnected')}
            >
              ↑ {t('publish.send')}
            </button>
          )}
        </div>
      </div>
      {problems.length ? (
        <ul className="mqtt-problems" data-testid="publish-problems">
          {problems.map((p, i) => (
            <li key={i} data-testid="publish-problem" data-key={p.key}>
              {t(`validation.${p.key}`, p.params)}
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </section>
  );
};
