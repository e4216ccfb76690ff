import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSubscription, ProfileView, QoS, SessionStatus } from '../../../../shared/api/mqtt';
import { checkTopicFilter } from '../../../../shared/mqtt/topic';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { logActions, useMqttLogStore } from '../../stores/mqttLog';
import { isLive, useMqttSessionsStore } from '../../stores/mqttSessions';
import { Glyph } from './Glyph';
import { profileToSave } from './logic/profile-draft';

// Distinct from the uplink/downlink colours (--up, --down), so a subscription's colour never reads as a direction.
const SUBSCRIPTION_COLORS = ['#d4731c', '#2da44e', '#bf8700', '#c2378f', '#3b6fd8', '#cf222e', '#6e7781', '#1b9e9e'];

/** Subscriptions of the selected connection: add (topic, QoS, colour, alias), mute, unsubscribe, filter by one. */
export const SubscriptionsStrip = ({
  profile,
  session,
}: {
  profile: ProfileView;
  session: SessionStatus | undefined;
}) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const activeFilter = useMqttLogStore((s) => s.filter.subscription);
  const [adding, setAdding] = useState(false);
  const [topic, setTopic] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [alias, setAlias] = useState('');
  const [color, setColor] = useState(SUBSCRIPTION_COLORS[profile.subscriptions.length % SUBSCRIPTION_COLORS.length]!);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const live = isLive(session) ? session : undefined;

  const saveSubscriptions = async (subscriptions: ProfileSubscription[]) => {
    const result = await api.profileSave(profileToSave(profile, { subscriptions }));
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    useMqttSessionsStore.getState().upsertProfile(result.value);
    return true;
  };

  const add = async () => {
    const check = checkTopicFilter(topic);
    if (!check.ok) return setProblem(t(`validation.topicFilter.${check.problem ?? 'empty'}`, { topic }));
    setProblem(null);
    if (live) {
      const result = await api.mqttSubscribe({ sessionId: live.sessionId, topic, qos });
      if (!result.ok) return setError(result.error);
    }
    const others = profile.subscriptions.filter((s) => s.topic !== topic);
    const sub: ProfileSubscription = {
      topic,
      qos,
      color,
      muted: false,
      ...(alias.trim() ? { alias: alias.trim() } : {}),
    };
    if (await saveSubscriptions([...others, sub])) {
      setTopic('');
      setAlias('');
      setAdding(false);
      setColor(SUBSCRIPTION_COLORS[(others.length + 1) % SUBSCRIPTION_COLORS.length]!);
    }
  };

  const unsubscribe = async (sub: ProfileSubscription) => {
    if (live) {
      const result = await api.mqttUnsubscribe({ sessionId: live.sessionId, topic: sub.topic });
      if (!result.ok) return setError(result.error);
    }
    if (activeFilter === sub.topic) logActions.setFilter({ subscription: null });
    await saveSubscriptions(profile.subscriptions.filter((s) => s.topic !== sub.topic));
  };

  const toggleMute = (sub: ProfileSubscription) =>
    void saveSubscriptions(profile.subscriptions.map((s) => (s.topic === sub.topic ? { ...s, muted: !s.muted } : s)));

  return (
    <div className="mqtt-subscriptions" data-testid="subscriptions">
      <span className="mqtt-strip-label">{t('subs.title')}</span>
      {profile.subscriptions.map((sub) => {
        const state = live?.subscriptions.find((s) => s.topic === sub.topic);
        const granted = state?.granted;
        const selected = activeFilter === sub.topic;
        return (
          <span
            key={sub.topic}
            className={`mqtt-sub-chip${selected ? ' selected' : ''}${sub.muted ? ' muted-sub' : ''}${granted === 'failed' ? ' failed' : ''}`}
            style={{ borderLeftColor: sub.color ?? 'var(--border)' }}
            data-testid="subscription-chip"
            data-topic={sub.topic}
            title={granted === 'failed' ? (state?.failureReason ?? t('subs.failed')) : t('subs.clickToFilter')}
          >
            <button
              type="button"
              className="mqtt-sub-main"
              onClick={() => logActions.setFilter({ subscription: selected ? null : sub.topic })}
              data-testid="subscription-filter"
            >
              {sub.alias ? <span className="mqtt-sub-alias">{sub.alias}</span> : null}
              <span className="mono">{sub.topic}</span>
              <span className="mqtt-sub-qos">
                QoS {sub.qos}
                {live
                  ? granted === null || granted === undefined
                    ? ' …'
                    : granted === 'failed'
                      ? ' ✕'
                      : granted !== sub.qos
                        ? ` → ${granted}`
                        : ''
                  : ''}
              </span>
            </button>
            <button
              type="button"
              className="icon-button"
              title={sub.muted ? t('subs.unmute') : t('subs.mute')}
              onClick={() => toggleMute(sub)}
              data-testid="subscription-mute"
            >
              <Glyph name={sub.muted ? 'speakerOff' : 'speaker'} />
            </button>
            <button
              type="button"
              className="icon-button mqtt-danger-hover"
              title={t('subs.unsubscribe')}
              onClick={() => void unsubscribe(sub)}
              data-testid="subscription-remove"
            >
              ✕
            </button>
          </span>
        );
      })}
      {adding ? (
        <form
          className="mqtt-sub-add"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <input
            type="color"
            value={color}
            onChange={(e) => setColor(e.target.value)}
            title={t('subs.color')}
            className="mqtt-color"
          />
          <input
            type="text"
            value={topic}
            placeholder="devices/+/up"
            onChange={(e) => setTopic(e.target.value)}
            autoFocus
            data-testid="subscribe-topic"
            spellCheck={false}
          />
          <select
            value={qos}
            onChange={(e) => setQos(Number(e.target.value) as QoS)}
            data-testid="subscribe-qos"
            title="QoS"
          >
            {[0, 1, 2].map((q) => (
              <option key={q} value={q}>
                QoS {q}
              </option>
            ))}
          </select>
          <input
            type="text"
            value={alias}
            placeholder={t('subs.alias')}
            onChange={(e) => setAlias(e.target.value)}
            className="mqtt-alias-input"
          />
          <button type="submit" className="btn btn-primary btn-small" data-testid="subscribe-submit">
            {t('subs.subscribe')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setAdding(false)}>
            {t('form.cancel')}
          </button>
          {problem ? (
            <span className="mqtt-field-error" data-testid="subscribe-problem">
              {problem}
            </span>
          ) : null}
        </form>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setAdding(true)} data-testid="subscribe-add">
          + {t('subs.add')}
        </button>
      )}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </div>
  );
};
