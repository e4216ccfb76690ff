import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOUDS, type CloudCredentials, type CloudId } from '../../../../shared/cloud';
import type { ApiError } from '../../../../shared/result';
import { useApi } from '../../api/context';
import { ErrorBanner } from '../../components/ErrorBanner';
import { openProfileInMqtt } from '../../stores/handoff';
import { AliyunRegister } from './AliyunRegister';
import { CloudList, isEmulated } from './CloudList';
import { CloudSidePanel } from './CloudSidePanel';
import { EXAMPLES } from './examples';
import { computeForm } from './fields';
import { ModuleOutput } from './ModuleOutput';
import { PushStatus } from './PushStatus';
import { Card } from './Card';
import { CheckPanel } from './CheckPanel';
import { fieldName } from './field-text';
import { profileFromCredentials } from './profile';
import { ResultPanel } from './ResultPanel';
import { ScriptOptions, type ScriptOptionsInput } from './ScriptOptions';
import { ScriptPanel, type GeneratedScript } from './ScriptPanel';
import { TopicsTable } from './TopicsTable';
import { usePush } from './usePush';
import { emulatorEndpoint, useEmulator } from './useEmulator';
import { useCloudStore, wizardOf } from './store';
import { WizardForm } from './WizardForm';
import './cloud.css';

/** "Generate passwords from a form": one wizard per cloud, its result, and what to do with it. */
export const CloudWorkspace = () => {
  const { t, i18n } = useTranslation('cloud');
  const api = useApi();
  const cloudId = useCloudStore((s) => s.cloud);
  const wizard = useCloudStore((s) => wizardOf(s, cloudId));
  const definition = CLOUDS[cloudId];
  const zh = i18n.language.startsWith('zh');
  const example = EXAMPLES[cloudId];

  const outcome = useMemo(() => computeForm(cloudId, wizard.values, Date.now()), [cloudId, wizard.values]);
  const emulator = useEmulator();
  const endpoint = emulatorEndpoint(emulator.status);
  const emulatingThis = endpoint !== undefined && emulator.status?.cloud === cloudId;

  /** The result as the device should use it: against the emulator when it plays this cloud. */
  const effective: CloudCredentials | null = useMemo(() => {
    if (!wizard.result) return null;
    return emulatingThis && endpoint
      ? { ...wizard.result, host: endpoint.host, port: endpoint.port, tls: false }
      : wizard.result;
  }, [wizard.result, emulatingThis, endpoint]);

  const [script, setScript] = useState<GeneratedScript | null>(null);
  const [scriptOptions, setScriptOptions] = useState<ScriptOptionsInput>({});
  const [busy, setBusy] = useState<'mqtt' | 'script' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const push = usePush();
  const [aliyunMode, setAliyunMode] = useState<'device' | 'product'>('device');

  const selectCloud = (id: CloudId) => {
    useCloudStore.getState().selectCloud(id);
    setScript(null);
    setError(null);
    push.reset();
  };

  const generateScript = async (): Promise<GeneratedScript | undefined> => {
    setBusy('script');
    setError(null);
    const r = await api.cloudGenerateScript({
      cloud: cloudId,
      fields: wizard.values,
      // The aLiYun module derives the cloud host itself, so against the emulator the script uses umqtt.
      options: emulatingThis && cloudId === 'aliyun' ? { ...scriptOptions, aliyunClient: 'umqtt' } : scriptOptions,
      ...(emulatingThis && endpoint ? { endpoint: { host: endpoint.host, port: endpoint.port, tls: false } } : {}),
    });
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return undefined;
    }
    const generated = { fileName: r.value.fileName, code: r.value.script };
    setScript(generated);
    return generated;
  };

  const openInMqtt = async () => {
    if (!effective) return;
    setBusy('mqtt');
    setError(null);
    const keepalive = Number(wizard.values.keepalive);
    const r = await api.profileSave(
      profileFromCredentials(
        definition,
        effective,
        Number.isInteger(keepalive) && keepalive > 0 ? keepalive : undefined,
      ),
    );
    setBusy(null);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    openProfileInMqtt(r.value.id);
  };

  const pushToModule = async () => {
    const generated = script ?? (await generateScript());
    if (generated) await push.push(generated.code);
  };

  const toggleEmulator = async (on: boolean) => {
    if (!on) {
      await emulator.stop();
      setScript(null);
      return;
    }
    if (!isEmulated(cloudId)) return;
    const started = await emulator.start(cloudId, wizard.values);
    if (started) setScript(null);
  };

  const canEmulate = isEmulated(cloudId);
  const pushedPort =
    push.state.kind === 'pushed' ||
    push.state.kind === 'restarting' ||
    push.state.kind === 'restarted' ||
    push.state.kind === 'running'
      ? push.state.port
      : undefined;

  return (
    <div className="workspace cloud-workspace" data-testid="cloud-workspace">
      <aside className="pane pane-left cloud-sidebar">
        <CloudList value={cloudId} onChange={selectCloud} />
      </aside>
      <section className="pane pane-main cloud-main">
        <header className="cloud-header">
          <h1 data-testid="cloud-title">
            {zh ? definition.nameZh : definition.name}
            <span className="cloud-title-alt" lang={zh ? 'en' : 'zh'}>
              {zh ? definition.name : definition.nameZh}
            </span>
          </h1>
          {definition.docsUrl ? (
            <button
              type="button"
              className="link-button small"
              onClick={() => void api.openExternal({ url: definition.docsUrl! })}
            >
              {t('docs')}
            </button>
          ) : null}
          <span className="spacer" />
          <label className="switch" title={canEmulate ? t('emulator.hint') : t('emulator.unavailable')}>
            <input
              type="checkbox"
              role="switch"
              data-testid="emulator-switch"
              checked={emulatingThis}
              disabled={!canEmulate || emulator.busy || (!emulatingThis && !outcome.ok)}
              onChange={(e) => void toggleEmulator(e.target.checked)}
            />
            {t('emulator.switch')}
          </label>
        </header>
        <div className="cloud-body">
          {emulator.error ? <ErrorBanner error={emulator.error} onDismiss={emulator.clearError} /> : null}
          {emulatingThis && endpoint ? (
            <div className="emulator-banner" data-testid="emulator-banner">
              <span className="badge badge-emulated">{t('emulator.badge')}</span>
              {t('emulator.running', {
                cloud: zh ? definition.nameZh : definition.name,
                host: endpoint.host,
                port: endpoint.port,
              })}
              {emulator.status?.device ? <span className="mono muted">{emulator.status.device}</span> : null}
            </div>
          ) : null}
          <div className="cloud-columns">
            <Card
              id="cloud-form-title"
              title={t('sections.form')}
              actions={
                <div className="header-actions">
                  {example ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid="fill-example"
                      title={t('exampleFrom', { source: zh ? example.source.zh : example.source.en })}
                      onClick={() => {
                        useCloudStore.getState().setValues(cloudId, example.values);
                        setScript(null);
                      }}
                    >
                      {t('fillExample')}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid="reset-form"
                    onClick={() => useCloudStore.getState().reset(cloudId)}
                  >
                    {t('reset')}
                  </button>
                </div>
              }
            >
              {cloudId === 'aliyun' ? (
                <div
                  className="segmented"
                  role="radiogroup"
                  aria-label={t('aliyunMode.label')}
                  data-testid="aliyun-mode"
                >
                  {(['device', 'product'] as const).map((mode) => (
                    <button
                      key={mode}
                      type="button"
                      role="radio"
                      aria-checked={aliyunMode === mode}
                      data-testid={`aliyun-mode-${mode}`}
                      className={aliyunMode === mode ? 'active' : ''}
                      onClick={() => setAliyunMode(mode)}
                    >
                      {t(`aliyunMode.${mode}`)}
                    </button>
                  ))}
                </div>
              ) : null}

              {example?.madeUp && example.madeUp.every((f) => wizard.values[f] === example.values[f]) ? (
                <p className="muted small">
                  {t('madeUp', {
                    fields: example.madeUp
                      .map((id) => {
                        const field = definition.fields.find((f) => f.id === id);
                        return field ? fieldName(field, i18n.language) : id;
                      })
                      .join(zh ? '、' : ', '),
                  })}
                </p>
              ) : null}
              {cloudId === 'aliyun' && aliyunMode === 'product' ? (
                <AliyunRegister
                  emulated={emulatingThis}
                  onRegistered={(values) => {
                    useCloudStore.getState().setValues('aliyun', values);
                    setAliyunMode('device');
                  }}
                />
              ) : (
                <WizardForm cloud={definition} outcome={outcome} />
              )}
            </Card>
            <Card id="cloud-result-title" title={t('sections.result')}>
              {effective ? (
                <>
                  <ResultPanel credentials={effective} emulated={emulatingThis} />
                  <div className="action-bar">
                    <button
                      type="button"
                      className="btn btn-primary"
                      data-testid="open-in-mqtt"
                      disabled={busy !== null}
                      onClick={() => void openInMqtt()}
                    >
                      {busy === 'mqtt' ? t('actions.openingInMqtt') : t('actions.openInMqtt')}
                    </button>
                    <button
                      type="button"
                      className="btn"
                      data-testid="generate-script"
                      disabled={busy !== null}
                      onClick={() => void generateScript()}
                    >
                      {busy === 'script' ? t('actions.generating') : t('actions.generateScript')}
                    </button>
                    <button
                      type="button"
                      className="btn"
                      data-testid="push-to-module"
                      disabled={busy !== null || push.state.kind === 'pushing' || push.state.kind === 'restarting'}
                      onClick={() => void pushToModule()}
                    >
                      {push.state.kind === 'pushing' ? t('actions.pushing') : t('actions.pushToModule')}
                    </button>
                  </div>
                  <PushStatus push={push} />
                </>
              ) : (
                <p className="result-empty" data-testid="result-empty">
                  {t('result.empty')}
                </p>
              )}
              {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
            </Card>
          </div>
          {effective ? (
            <Card id="cloud-topics-title" title={t('sections.topics')}>
              <TopicsTable topics={effective.topics} />
            </Card>
          ) : null}
          {effective ? (
            <div className="cloud-columns">
              <Card id="cloud-script-title" title={t('sections.script')}>
                <ScriptOptions
                  cloud={cloudId}
                  emulated={emulatingThis}
                  value={scriptOptions}
                  onChange={(o) => {
                    setScriptOptions(o);
                    setScript(null);
                  }}
                />
                {script ? <ScriptPanel script={script} /> : <p className="muted small">{t('script.empty')}</p>}
              </Card>
              <div className="cloud-stack">
                {emulatingThis && emulator.status && isEmulated(cloudId) ? (
                  <Card id="cloud-side-title" title={t('sections.cloudSide')}>
                    <CloudSidePanel
                      cloud={cloudId}
                      status={emulator.status}
                      events={emulator.events}
                      topics={effective.topics}
                    />
                  </Card>
                ) : null}
                {pushedPort ? (
                  <Card
                    id="cloud-output-title"
                    title={t('sections.moduleOutput')}
                    actions={<span className="muted small mono">{pushedPort}</span>}
                  >
                    <ModuleOutput path={pushedPort} />
                  </Card>
                ) : null}
              </div>
            </div>
          ) : null}
          <Card id="cloud-check-title" title={t('sections.check')}>
            <p className="muted small">{t('check.explain')}</p>
            <CheckPanel key={cloudId} cloud={cloudId} />
          </Card>
        </div>
      </section>
    </div>
  );
};
