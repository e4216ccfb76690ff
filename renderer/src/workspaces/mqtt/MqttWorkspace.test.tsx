import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi } from '../../../test/fake-api';
import { fakeSession } from '../../../test/fake/mqtt';
import { frameMaker, makeRecord } from '../../../test/mqtt-records';
import { renderWithApi } from '../../../test/render';
import { logActions } from '../../stores/mqttLog';
import { useMqttSessionsStore } from '../../stores/mqttSessions';
import { MqttWorkspace } from './MqttWorkspace';

const resetStores = () => {
  logActions.resetAll();
  useMqttSessionsStore.setState({ profiles: [], sessions: {}, broker: null, selectedProfileId: null, editing: null });
};

// jsdom lays nothing out: give the log's scroll box a size so the virtualiser renders rows.
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

// Many user steps per test on a shared 2-core machine: more than vitest's 5 s default.
describe('MqttWorkspace', { timeout: 30_000 }, () => {
  const restore: Array<() => void> = [];
  beforeAll(() => restore.push(sized('clientHeight', 480), sized('clientWidth', 900)));
  afterAll(() => restore.forEach((undo) => undo()));
  beforeEach(resetStores);
  afterEach(resetStores);

  it('connects a profile, shows frames with direction marks, filters, and keeps the counters consistent', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await screen.findByText('Local broker 127.0.0.1:1883', { selector: '[data-testid="connection-title"]' });
    expect(screen.getByTestId('broker-card')).toHaveAttribute('data-port', '1883');
    expect(screen.getByTestId('mqtt-session-state')).toHaveAttribute('data-state', 'disconnected');

    await user.click(screen.getByTestId('mqtt-connect'));
    await waitFor(() => expect(screen.getByTestId('mqtt-session-state')).toHaveAttribute('data-state', 'connected'));
    expect(api.calls.find((c) => c.name === 'mqttConnect')?.request).toEqual({ profileId: 'p-local' });

    const frame = frameMaker('s-1');
    api.emit(
      'mqtt.messages',
      frame([
        makeRecord({ direction: 'out', topic: 'demo/x', payload: '{"on":true}' }),
        makeRecord({ direction: 'in', topic: 'demo/x', payload: '{"on":true}' }),
        makeRecord({ direction: 'in', topic: 'sys/y', payload: 'up' }),
      ]),
    );
    await waitFor(() => expect(screen.getByTestId('log-received')).toHaveTextContent('3'));
    expect(screen.getByTestId('log-shown')).toHaveTextContent('3');
    expect(screen.getByTestId('log-evicted')).toHaveTextContent('0');
    const rows = await screen.findAllByTestId('log-row');
    expect(rows.map((r) => within(r).getByTestId('log-row-dir').textContent)).toEqual(['↑', '↓', '↓']);

    await user.type(screen.getByTestId('filter-topic'), 'demo/#');
    await waitFor(() => expect(screen.getByTestId('log-matching')).toHaveTextContent('2'));
    await user.click(screen.getByTestId('filter-direction-out'));
    await waitFor(() => expect(screen.getByTestId('log-matching')).toHaveTextContent('1'));
    expect(screen.getAllByTestId('log-row')).toHaveLength(1);

    await user.click(screen.getAllByTestId('log-row')[0]!);
    expect(screen.getByTestId('detail-payload')).toHaveTextContent('"on": true');
    expect(screen.getByTestId('message-detail')).toHaveAttribute('data-direction', 'out');
  });

  it('says how a connection was refused, with the code and what to do', async () => {
    const api = createFakeApi({
      mqttConnect: () => ({
        ok: true,
        value: fakeSession({
          state: 'refused',
          refusal: { code: 4, reason: 'Bad user name or password', hint: 'Check the user name and password.' },
        }),
      }),
    });
    const user = userEvent.setup();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    expect(await screen.findByTestId('refusal')).toHaveTextContent(
      'Refused: Bad user name or password (code 4) — Check the user name and password.',
    );
  });

  it('counts down to the next reconnection attempt', async () => {
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await screen.findByTestId('mqtt-connect');
    api.emit('mqtt.status', fakeSession({ state: 'reconnecting', attempt: 2, nextAttemptAt: Date.now() + 4_500 }));
    await waitFor(() =>
      expect(screen.getByTestId('mqtt-session-state')).toHaveTextContent(/Reconnecting in [45] s \(attempt 2\)/),
    );
  });

  it('refuses to publish invalid JSON and names the place of the error', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await waitFor(() => expect(screen.getByTestId('publish-send')).toBeEnabled());
    await user.clear(screen.getByTestId('publish-topic'));
    await user.type(screen.getByTestId('publish-topic'), 'demo/x');
    await user.click(screen.getByTestId('publish-format-json'));
    await user.type(screen.getByTestId('publish-payload'), '{{"a": 1,}');
    await user.click(screen.getByTestId('publish-send'));
    expect(screen.getByTestId('publish-problem')).toHaveTextContent(
      'Invalid JSON at line 1, column 9: expected a property name in double quotes, found "}"',
    );
    expect(api.calls.some((c) => c.name === 'mqttPublish')).toBe(false);

    await user.clear(screen.getByTestId('publish-payload'));
    await user.type(screen.getByTestId('publish-payload'), '{{"a":1}');
    await user.click(screen.getByTestId('publish-prettify'));
    expect(screen.getByTestId('publish-payload')).toHaveValue('{\n  "a": 1\n}');
    await user.click(screen.getByTestId('publish-send'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttPublish')?.request).toMatchObject({
        sessionId: 's-1',
        topic: 'demo/x',
        format: 'json',
        qos: 0,
        retain: false,
      }),
    );
  });

  it('subscribes with QoS and a clicked subscription filters the log', async () => {
    const user = userEvent.setup();
    const api = createFakeApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await user.click(screen.getByTestId('subscribe-add'));
    await user.type(screen.getByTestId('subscribe-topic'), 'bad/#/x');
    await user.click(screen.getByTestId('subscribe-submit'));
    expect(screen.getByTestId('subscribe-problem')).toHaveTextContent('# must be a whole level and the last one');
    await user.clear(screen.getByTestId('subscribe-topic'));
    await user.type(screen.getByTestId('subscribe-topic'), 'sensors/+/temp');
    await user.selectOptions(screen.getByTestId('subscribe-qos'), '1');
    await user.click(screen.getByTestId('subscribe-submit'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttSubscribe')?.request).toEqual({
        sessionId: 's-1',
        topic: 'sensors/+/temp',
        qos: 1,
      }),
    );
    const chip = await screen.findByText('sensors/+/temp');
    await user.click(chip);
    expect(screen.getByTestId('filter-subscription')).toHaveTextContent('sensors/+/temp');
  });
});
