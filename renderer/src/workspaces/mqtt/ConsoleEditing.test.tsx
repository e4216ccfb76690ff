import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { fakeLocalProfile, fakeSession } from '../../../test/fake/mqtt';
import { frameMaker, makeRecord } from '../../../test/mqtt-records';
import { renderWithApi } from '../../../test/render';
import { DEFAULT_LOG_LIMITS, logActions, useMqttLogStore } from '../../stores/mqttLog';
import { useMqttPublishDraftStore } from '../../stores/mqttPublishDraft';
import { useMqttSessionsStore } from '../../stores/mqttSessions';
import { useMqttTopicHistoryStore } from '../../stores/mqttTopicHistory';
import { MqttWorkspace } from './MqttWorkspace';

const resetStores = () => {
  logActions.resetAll();
  useMqttSessionsStore.setState({ profiles: [], sessions: {}, broker: null, selectedProfileId: null, editing: null });
  useMqttTopicHistoryStore.setState({ byConnection: {} });
  useMqttPublishDraftStore.setState({ draft: null });
};

const sized = (name: 'clientHeight' | 'clientWidth', value: number) => {
  const original = Object.getOwnPropertyDescriptor(Element.prototype, name);
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.testid === 'log-scroll' ? value : ((original?.get?.call(this) as number | undefined) ?? 0);
    },
  });
  return () => delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
};

const twoProfiles = () =>
  createFakeApi({
    profilesList: () =>
      ok([fakeLocalProfile(), fakeLocalProfile({ id: 'p-other', name: 'Other broker', subscriptions: [] })]),
    mqttConnect: (req) =>
      ok(fakeSession({ sessionId: req.profileId === 'p-other' ? 's-2' : 's-1', profileId: req.profileId ?? '' })),
  });

// Many user steps per test on a shared 2-core machine: more than vitest's 5 s default.
describe('MQTT console: publishing and per-connection state', { timeout: 30_000 }, () => {
  const restore: Array<() => void> = [];
  beforeAll(() => restore.push(sized('clientHeight', 480), sized('clientWidth', 900)));
  afterAll(() => restore.forEach((undo) => undo()));
  beforeEach(resetStores);
  afterEach(resetStores);

  it('republishes a message: its topic, payload, QoS and retain land in the publish panel', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await waitFor(() => expect(screen.getByTestId('publish-send')).toBeEnabled());
    api.emit(
      'mqtt.messages',
      frameMaker('s-1')([makeRecord({ topic: 'dev/7/set', payload: '{"led":1}', qos: 1, retain: true })]),
    );
    await user.click((await screen.findAllByTestId('log-row'))[0]!);
    await user.click(screen.getByTestId('detail-republish'));
    await waitFor(() => expect(screen.getByTestId('publish-topic')).toHaveValue('dev/7/set'));
    expect(screen.getByTestId('publish-payload')).toHaveValue('{"led":1}');
    expect(screen.getByTestId('publish-qos')).toHaveValue('1');
    expect(screen.getByTestId('publish-retain')).toBeChecked();
    expect(screen.getByTestId('publish-format-json')).toHaveClass('active');
    await user.click(screen.getByTestId('publish-send'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttPublish')?.request).toMatchObject({
        topic: 'dev/7/set',
        payload: '{"led":1}',
        format: 'json',
        qos: 1,
        retain: true,
      }),
    );
  });

  it('republishes a binary payload as base64 with the same bytes', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    api.emit('mqtt.messages', frameMaker('s-1')([makeRecord({ topic: 'bin/x', payload: new Uint8Array([0xff, 0]) })]));
    await user.click((await screen.findAllByTestId('log-row'))[0]!);
    await user.click(screen.getByTestId('detail-republish'));
    await waitFor(() => expect(screen.getByTestId('publish-payload')).toHaveValue('/wA='));
    expect(screen.getByTestId('publish-format-base64')).toHaveClass('active');
  });

  it('offers to fix vendor JSON with trailing commas, or to send it as text', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await waitFor(() => expect(screen.getByTestId('publish-send')).toBeEnabled());
    await user.type(screen.getByTestId('publish-topic'), 'demo/x');
    await user.click(screen.getByTestId('publish-format-json'));
    await user.click(screen.getByTestId('publish-payload'));
    await user.paste('{"a": [1, 2,], "s": ",}",}');
    await user.click(screen.getByTestId('publish-send'));
    expect(screen.getByTestId('publish-problem')).toHaveTextContent('Invalid JSON at line 1');
    expect(api.calls.some((c) => c.name === 'mqttPublish')).toBe(false);

    await user.click(screen.getByTestId('publish-json-fix'));
    expect(screen.getByTestId('publish-payload')).toHaveValue('{\n  "a": [\n    1,\n    2\n  ],\n  "s": ",}"\n}');
    expect(screen.queryByTestId('publish-problem')).toBeNull();

    await user.clear(screen.getByTestId('publish-payload'));
    await user.type(screen.getByTestId('publish-payload'), '{{a: 1,}');
    await user.click(screen.getByTestId('publish-send'));
    await user.click(screen.getByTestId('publish-json-fix'));
    expect(screen.getAllByTestId('publish-problem').map((p) => p.dataset.key)).toContain('jsonUnfixable');
    expect(screen.getByTestId('publish-payload')).toHaveValue('{a: 1,}');

    await user.click(screen.getByTestId('publish-as-text'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttPublish')?.request).toMatchObject({
        topic: 'demo/x',
        payload: '{a: 1,}',
        format: 'text',
      }),
    );
    expect(screen.getByTestId('publish-format-text')).toHaveClass('active');
  });

  it('keeps the log filters and the publish topic per connection', async () => {
    const user = userEvent.setup();
    const api = twoProfiles();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await waitFor(() => expect(screen.getByTestId('publish-send')).toBeEnabled());
    await user.type(screen.getByTestId('filter-topic'), 'demo/#');
    await user.click(screen.getByTestId('filter-direction-out'));
    await user.type(screen.getByTestId('publish-topic'), 'demo/a');
    await user.click(screen.getByTestId('publish-send'));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'mqttPublish')).toBe(true));

    const item = (name: string) => screen.getAllByTestId('profile-item').find((el) => el.dataset.name === name)!;
    await user.click(item('Other broker'));
    await waitFor(() => expect(screen.getByTestId('connection-title')).toHaveTextContent('Other broker'));
    expect(screen.getByTestId('filter-topic')).toHaveValue('');
    expect(screen.getByTestId('filter-direction-all')).toHaveClass('active');
    expect(screen.getByTestId('publish-topic')).toHaveValue('');
    expect(screen.getByTestId('publish-topic-history').querySelectorAll('option')).toHaveLength(0);

    await user.click(item('Local broker 127.0.0.1:1883'));
    await waitFor(() => expect(screen.getByTestId('filter-topic')).toHaveValue('demo/#'));
    expect(screen.getByTestId('filter-direction-out')).toHaveClass('active');
    expect(screen.getByTestId('publish-topic')).toHaveValue('demo/a');
  });

  it('keeps a filter typed just before switching with the connection it was typed for', async () => {
    const user = userEvent.setup();
    renderWithApi(<MqttWorkspace />, twoProfiles());
    await user.click(await screen.findByTestId('mqtt-connect'));
    const item = (name: string) => screen.getAllByTestId('profile-item').find((el) => el.dataset.name === name)!;
    // Typed and switched inside the filter's debounce: the pending text belongs to the first connection.
    await user.type(screen.getByTestId('filter-topic'), 'demo/#');
    await user.type(screen.getByTestId('filter-text'), 'hot');
    await user.click(item('Other broker'));
    await waitFor(() => expect(screen.getByTestId('connection-title')).toHaveTextContent('Other broker'));
    expect(screen.getByTestId('filter-topic')).toHaveValue('');
    expect(screen.getByTestId('filter-text')).toHaveValue('');
    await new Promise((r) => setTimeout(r, 300));
    expect(useMqttLogStore.getState().filter.topic).toBe('');

    await user.click(item('Local broker 127.0.0.1:1883'));
    await waitFor(() => expect(screen.getByTestId('filter-topic')).toHaveValue('demo/#'));
    expect(screen.getByTestId('filter-text')).toHaveValue('hot');
    expect(useMqttLogStore.getState().filter).toMatchObject({ topic: 'demo/#', text: 'hot' });
  });

  it('says how many matching messages were evicted when a filtered view empties', async () => {
    const user = userEvent.setup();
    logActions.setLimits({ ...DEFAULT_LOG_LIMITS, maxCount: 3 });
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await user.type(screen.getByTestId('filter-topic'), 'alarm');
    await waitFor(() => expect(useMqttLogStore.getState().filter.topic).toBe('alarm'));
    const frame = frameMaker('s-1');
    api.emit('mqtt.messages', frame([makeRecord({ topic: 'alarm' }), makeRecord({ topic: 'alarm' })]));
    await waitFor(() => expect(screen.getByTestId('log-matching')).toHaveTextContent('2'));
    expect(screen.queryByTestId('log-evicted-matching')).toBeNull();
    api.emit('mqtt.messages', frame([1, 2, 3].map(() => makeRecord({ topic: 'chatter' }))));
    await waitFor(() => expect(screen.getByTestId('log-matching')).toHaveTextContent('0'));
    expect(screen.getByTestId('log-evicted-matching')).toHaveTextContent('2 matching evicted');
    expect(screen.getByTestId('log-empty')).toHaveTextContent('2 matching messages were evicted');
    expect(within(screen.getByTestId('log-footer')).getByTestId('log-evicted')).toHaveTextContent('2');
  });
});
