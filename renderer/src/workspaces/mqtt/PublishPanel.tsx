import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/result';
import type { ProfileView, QoS, SessionStatus } from '../../../../shared/api/mqtt';
import { PAYLOAD_FORMATS, type PayloadFormat } from '../../../../shared/mqtt/payload';
import { ErrorBanner } from '../../components/ErrorBanner';
import { emulatorReasonText } from './logic/emulator-reason';
import { UserPropertiesEditor } from './publish/UserPropertiesEditor';
import { usePublishForm } from './publish/usePublishForm';

/** A downlink the emulated cloud dropped: its reason and the topics it would send to, in the UI's language. */
const droppedLine = (error: ApiError, t: TFunction): string | undefined => {
  const { messageKey, reason, topics, moreTopics } = error.detail ?? {};
  if (error.code !== 'FORBIDDEN' || messageKey !== 'downlinkDropped' || typeof reason !== 'string') return undefined;
  const more = typeof moreTopics === 'number' ? moreTopics : 0;
  return t(more > 0 ? 'publish.downlinkDroppedMore' : 'publish.downlinkDropped', {
    reason: emulatorReasonText(reason, t),
    topics: String(topics ?? ''),
    count: more,
  });
};

/** Publish: topic with history, QoS, retain, payload as text/JSON/hex/base64, templates, repeat, MQTT 5 properties. */
export const PublishPanel = ({ profile, session }: { profile: ProfileView; session: SessionStatus | undefined }) => {
  const { t } = useTranslation('mqtt');
  const p = usePublishForm(profile, session);
  const { form, set, problemFor, live, repeat } = p;
  const version = profile.connection.version;
  const [showProps, setShowProps] = useState(false);
  const historyId = `mqtt-topic-history-${profile.id}`;

  return (
    <section className="mqtt-publish" data-testid="publish-panel">
      <div className="mqtt-publish-row">
        <input
          type="text"
          className={`mqtt-publish-topic mono${problemFor('topic').length ? ' invalid' : ''}`}
          list={historyId}
          placeholder={t('publish.topic')}
          value={form.topic}
          onChange={(e) => set('topic', e.target.value)}
          data-testid="publish-topic"
          spellCheck={false}
        />
        <datalist id={historyId} data-testid="publish-topic-history">
          {p.history.map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
        <select
          value={p.qos}
          onChange={(e) => p.setQos(Number(e.target.value) as QoS)}
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
            checked={p.retain}
            onChange={(e) => p.setRetain(e.target.checked)}
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
          <button type="button" className="btn btn-small" onClick={p.prettify} data-testid="publish-prettify">
            {t('publish.prettify')}
          </button>
        ) : null}
        <span className="spacer" />
        <select
          value=""
          onChange={(e) => p.loadTemplate(e.target.value)}
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
          onClick={() => void p.saveTemplate()}
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
          <UserPropertiesEditor value={form.userProperties} onChange={(next) => set('userProperties', next)} />
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
              void p.send();
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
              <span className="muted small">{t('publish.msTimes')}</span>
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
          {repeat.running ? (
            <button type="button" className="btn btn-danger" onClick={repeat.stop} data-testid="publish-stop">
              ■ {t('publish.stop')} ({repeat.running.sent}/{repeat.running.total})
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void p.send()}
              disabled={!live}
              data-testid="publish-send"
              title={live ? 'Ctrl+Enter' : t('publish.notConnected')}
            >
              ↑ {t('publish.send')}
            </button>
          )}
        </div>
      </div>
      {p.problems.length ? (
        <div className="mqtt-problems-box">
          <ul className="mqtt-problems" data-testid="publish-problems">
            {p.problems.map((problem, i) => (
              <li key={i} data-testid="publish-problem" data-key={problem.key}>
                {t(`validation.${problem.key}`, problem.params)}
              </li>
            ))}
          </ul>
          {p.jsonInvalid ? (
            <span className="mqtt-problem-actions">
              <button type="button" className="btn btn-small" onClick={p.fix} data-testid="publish-json-fix">
                {t('publish.fixJson')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                onClick={p.sendAsText}
                disabled={!live}
                data-testid="publish-as-text"
              >
                {t('publish.sendAsText')}
              </button>
            </span>
          ) : null}
        </div>
      ) : null}
      {p.error ? <ErrorBanner error={p.error} onDismiss={p.clearError} text={droppedLine(p.error, t)} /> : null}
    </section>
  );
};
