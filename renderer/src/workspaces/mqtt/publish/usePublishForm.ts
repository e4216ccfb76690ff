import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileView, PublishTemplate, QoS, SessionStatus } from '../../../../../shared/api/mqtt';
import type { ApiError } from '../../../../../shared/result';
import { useApi } from '../../../api/context';
import { isLive, useMqttSessionsStore } from '../../../stores/mqttSessions';
import { useMqttPublishDraftStore } from '../../../stores/mqttPublishDraft';
import { fixJson } from '../logic/json-fix';
import { formProperties, initialPublishForm, withTemplate } from '../logic/publish-form';
import { profileToSave } from '../logic/profile-draft';
import { validatePublish, type PublishForm, type PublishProblem } from '../logic/publish-validation';
import { lastTopicOf, useTopicHistory } from './useTopicHistory';
import { useRepeatPublish } from './useRepeatPublish';

/** Everything the publish panel does (form, validation, send, repeat, templates, republish), for a view to show. */
export const usePublishForm = (profile: ProfileView, session: SessionStatus | undefined) => {
  const { t } = useTranslation('mqtt');
  const api = useApi();
  const version = profile.connection.version;
  const [form, setForm] = useState<PublishForm>(() => initialPublishForm(version, lastTopicOf(profile.id)));
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [problems, setProblems] = useState<PublishProblem[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const { history, remember } = useTopicHistory(profile.id);
  const live = isLive(session) && session.state === 'connected' ? session : undefined;
  const draft = useMqttPublishDraftStore((s) => (s.draft?.connection === profile.id ? s.draft : null));

  useEffect(() => setForm((f) => ({ ...f, version })), [version]);
  // An error belongs to the session that raised it (e.g. the observer's dropped downlink), not to the next one.
  useEffect(() => setError(null), [session?.sessionId]);

  useEffect(() => {
    if (!draft) return;
    useMqttPublishDraftStore.getState().clear();
    setQos(draft.qos);
    setRetain(draft.retain);
    setForm((f) => ({ ...withTemplate(f, draft), repeat: false }));
    setProblems([]);
  }, [draft]);

  const set = <K extends keyof PublishForm>(key: K, value: PublishForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems([]);
  };

  const publishOnce = async (f: PublishForm = form): Promise<boolean> => {
    if (!session) return false;
    const properties = formProperties(f);
    const result = await api.mqttPublish({
      sessionId: session.sessionId,
      topic: f.topic,
      payload: f.payload,
      format: f.format,
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

  const repeat = useRepeatPublish();

  const send = async (f: PublishForm = form) => {
    const found = validatePublish(f);
    setProblems(found);
    if (found.length > 0 || !live) return;
    setError(null);
    remember(f.topic);
    if (!f.repeat) {
      await publishOnce(f);
      return;
    }
    repeat.start(Number(f.count), Number(f.intervalMs), () => publishOnce(f));
  };

  const prettify = () => {
    try {
      set('payload', JSON.stringify(JSON.parse(form.payload), null, 2));
    } catch {
      setProblems(validatePublish({ ...form, format: 'json' }).filter((p) => p.field === 'payload'));
    }
  };

  /** Invalid JSON: repair trailing commas and format, or say it could not be repaired. */
  const fix = () => {
    const fixed = fixJson(form.payload);
    if (fixed === null) {
      setProblems((list) => [
        ...list.filter((p) => p.key !== 'jsonUnfixable'),
        { field: 'payload', key: 'jsonUnfixable' },
      ]);
      return;
    }
    set('payload', fixed);
  };

  /** Invalid JSON: send the text exactly as typed, as a text payload. */
  const sendAsText = () => {
    const asText = { ...form, format: 'text' as const };
    setForm(asText);
    void send(asText);
  };

  const saveTemplate = async () => {
    const name = window.prompt(t('publish.templateName'), form.topic);
    if (!name) return;
    const properties = formProperties(form);
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
    setForm((f) => withTemplate(f, tpl));
    setProblems([]);
  };

  const problemFor = (field: PublishProblem['field']) => problems.filter((p) => p.field === field);
  const jsonInvalid = form.format === 'json' && problems.some((p) => p.key === 'jsonSyntax');

  return {
    form,
    set,
    qos,
    setQos,
    retain,
    setRetain,
    history,
    problems,
    problemFor,
    jsonInvalid,
    error,
    clearError: () => setError(null),
    live,
    repeat,
    send,
    prettify,
    fix,
    sendAsText,
    saveTemplate,
    loadTemplate,
  };
};
