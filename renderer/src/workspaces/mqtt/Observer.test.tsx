import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { fakeBroker, fakeLocalProfile, fakeSession } from '../../../test/fake/mqtt';
import { frameMaker, makeRecord } from '../../../test/mqtt-records';
import { renderWithApi } from '../../../test/render';
import { logActions } from '../../stores/mqttLog';
import { openInMqttConsole, useMqttHandoffStore } from '../../stores/mqttHandoff';
import { useMqttSessionsStore } from '../../stores/mqttSessions';
import { MqttWorkspace } from './MqttWorkspace';

const resetStores = () => {
  logActions.resetAll();
  useMqttSessionsStore.setState({ profiles: [], sessions: {}, broker: null, selectedProfileId: null, editing: null });
  useMqttHandoffStore.setState({ request: null });
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

const device = fakeLocalProfile({
  id: 'p-dev',
  name: 'OneNET Chic_D',
  connection: { ...fakeLocalProfile().connection, clientId: 'Chic_D', username: '469948' },
  subscriptions: [],
});

const emulatedApi = (overrides: Parameters<typeof createFakeApi>[0] = {}) =>
  createFakeApi({
    profilesList: () => ok([device]),
    brokerStatus: () => ok({ ...fakeBroker, emulator: 'onenet emulator' }),
    ...overrides,
  });

const trace = (over: Parameters<typeof makeRecord>[0]) => makeRecord({ sessionId: 's-observer', ...over });

// Many user steps per test on a shared 2-core machine: more than vitest's 5 s default.
describe('MQTT console as the emulated cloud', { timeout: 30_000 }, () => {
  const restore: Array<() => void> = [];
  beforeAll(() => restore.push(sized('clientHeight', 480), sized('clientWidth', 900)));
  afterAll(() => restore.forEach((undo) => undo()));
  beforeEach(resetStores);
  afterEach(async () => {
    resetStores();
    await i18next.changeLanguage('en');
  });

  it('"Open in MQTT console" with the emulator on offers watching as the cloud first, then shows the trace', async () => {
    const user = userEvent.setup();
    const api = emulatedApi({
      mqttPublish: (req) =>
        req.topic.startsWith('$sys/469948/Chic_D/cmd/')
          ? ok({ recordId: 3, queued: false })
          : fail('FORBIDDEN', 'The emulated cloud did not send it: dropped: topic not allowed for device.'),
    });
    openInMqttConsole('p-dev');
    renderWithApi(<MqttWorkspace />, api);
    const choice = await screen.findByTestId('connect-choice');
    expect(within(choice).getByTestId('connect-choice-observe')).toHaveFocus();
    expect(within(choice).getByTestId('connect-choice-observe')).toHaveTextContent('Watch as the cloud (observer)');
    expect(api.calls.some((c) => c.name === 'mqttConnect' || c.name === 'mqttObserve')).toBe(false);

    await user.click(within(choice).getByTestId('connect-choice-observe'));
    await waitFor(() =>
      expect(screen.getByTestId('observer-title')).toHaveTextContent('Alibaba Cloud IoT Platform emulator'),
    );
    expect(api.calls.find((c) => c.name === 'mqttObserve')?.request).toEqual({ profileId: 'p-dev' });
    expect(screen.queryByTestId('connect-choice')).toBeNull();
    expect(screen.getByTestId('observer-strip')).toBeInTheDocument();
    expect(screen.getByTestId('mqtt-disconnect')).toHaveTextContent('Stop watching');

    api.emit(
      'mqtt.messages',
      frameMaker('s-observer')([
        trace({
          direction: 'in',
          topic: '$sys/469948/Chic_D/dp/post/json',
          payload: '{"id":1}',
          trace: { kind: 'uplink', clientId: 'Chic_D' },
        }),
        trace({ direction: 'out', topic: '$sys/469948/Chic_D/dp/post/json/accepted', trace: { kind: 'reply' } }),
        trace({
          direction: 'out',
          topic: '$sys/469948/Chic_D/dp/post/json',
          payload: 'x',
          trace: { kind: 'downlink', dropped: 'dropped: topic not allowed for device (it receives only on …)' },
        }),
      ]),
    );
    const rows = await screen.findAllByTestId('log-row');
    expect(rows.map((r) => within(r).getByTestId('log-row-trace').textContent)).toEqual([
      'uplink · Chic_D',
      'cloud reply',
      'downlink',
    ]);
    expect(within(rows[2]!).getByTestId('log-row-verdict')).toHaveTextContent('dropped: topic not allowed for device');
    expect(within(rows[0]!).queryByTestId('log-row-verdict')).toBeNull();
    await user.click(rows[2]!);
    expect(screen.getByTestId('message-detail')).toHaveTextContent('Verdictdropped: topic not allowed for device');

    await user.type(screen.getByTestId('publish-topic'), '$sys/469948/Chic_D/cmd/request/9');
    await user.type(screen.getByTestId('publish-payload'), 'on');
    await user.click(screen.getByTestId('publish-send'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttPublish')?.request).toMatchObject({
        sessionId: 's-observer',
        topic: '$sys/469948/Chic_D/cmd/request/9',
      }),
    );
    await user.clear(screen.getByTestId('publish-topic'));
    await user.type(screen.getByTestId('publish-topic'), '$sys/469948/Chic_D/dp/post/json');
    await user.click(screen.getByTestId('publish-send'));
    expect(await within(screen.getByTestId('publish-panel')).findByRole('alert')).toHaveTextContent(
      'dropped: topic not allowed for device',
    );
  });

  it('a dropped downlink says why in the banner line itself, in Chinese too (not only under details)', async () => {
    const user = userEvent.setup();
    const api = emulatedApi({
      mqttPublish: () =>
        fail(
          'FORBIDDEN',
          'The emulated cloud did not send it: dropped: topic not allowed for device. Send to one of its downlink topics: $sys/469948/Chic_D/cmd/request/+ and 2 more.',
          {
            messageKey: 'downlinkDropped',
            reason: 'dropped: topic not allowed for device',
            topics: '$sys/469948/Chic_D/cmd/request/+',
            moreTopics: 2,
          },
        ),
    });
    await i18next.changeLanguage('zh');
    openInMqttConsole('p-dev');
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('connect-choice-observe'));
    await screen.findByTestId('observer-strip');
    await user.type(screen.getByTestId('publish-topic'), '$sys/469948/Chic_D/dp/post/json');
    await user.type(screen.getByTestId('publish-payload'), 'x');
    await user.click(screen.getByTestId('publish-send'));
    const banner = await within(screen.getByTestId('publish-panel')).findByRole('alert');
    const line = banner.querySelector('strong')!;
    expect(line).toHaveTextContent(
      '模拟云平台没有下发这条消息：已丢弃：该主题不允许下发给设备。请发到它的下行主题之一：$sys/469948/Chic_D/cmd/request/+ 等（另有 2 个）。',
    );
    expect(line.textContent).not.toMatch(/dropped|not allowed|Send to/);
    // The emulator's own words stay one click away.
    expect(within(banner).getByText(/^The emulated cloud did not send it/)).toBeInTheDocument();
  });

  it('warns before connecting as the device when the module or another session holds the client id', async () => {
    const user = userEvent.setup();
    const api = emulatedApi({
      mqttClientIdCheck: () =>
        ok({
          conflicts: [
            { kind: 'broker', name: 'Chic_D' },
            { kind: 'session', name: 'OneNET Chic_D (2)' },
          ],
        }),
    });
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    const warning = await screen.findByTestId('clientid-warning');
    expect(warning).toHaveTextContent('Client id "Chic_D" is already in use');
    expect(
      within(warning)
        .getAllByTestId('clientid-conflict')
        .map((li) => li.textContent),
    ).toEqual([
      'a client connected to the local broker right now (probably the module)',
      'the open connection "OneNET Chic_D (2)"',
    ]);
    expect(api.calls.find((c) => c.name === 'mqttClientIdCheck')?.request).toEqual({
      host: '127.0.0.1',
      port: 1883,
      clientId: 'Chic_D',
      profileId: 'p-dev',
    });
    expect(api.calls.some((c) => c.name === 'mqttConnect')).toBe(false);
    await user.click(within(warning).getByTestId('clientid-connect-anyway'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'mqttConnect')?.request).toEqual({ profileId: 'p-dev' }),
    );
    expect(screen.queryByTestId('clientid-warning')).toBeNull();
  });

  it('connects at once when nobody else holds the client id', async () => {
    const user = userEvent.setup();
    const api = emulatedApi();
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'mqttConnect')).toBe(true));
    expect(screen.queryByTestId('clientid-warning')).toBeNull();
  });

  it("shows the emulator's reason for a refusal, not only the CONNACK code", async () => {
    const user = userEvent.setup();
    const api = emulatedApi({
      mqttConnect: () =>
        ok(
          fakeSession({
            profileId: 'p-dev',
            state: 'refused',
            refusal: {
              code: 4,
              reason: 'Bad user name or password',
              hint: 'Check the user name and password.',
              cause: 'token signature does not match the access_key',
            },
          }),
        ),
    });
    renderWithApi(<MqttWorkspace />, api);
    await user.click(await screen.findByTestId('mqtt-connect'));
    expect(await screen.findByTestId('refusal-cause')).toHaveTextContent(
      'The emulated cloud says: token signature does not match the access_key',
    );
  });

  it('speaks Chinese: the hand-off question, the trace and the client id warning', async () => {
    await i18next.changeLanguage('zh');
    const user = userEvent.setup();
    const api = emulatedApi({ mqttClientIdCheck: () => ok({ conflicts: [{ kind: 'broker', name: 'Chic_D' }] }) });
    openInMqttConsole('p-dev');
    renderWithApi(<MqttWorkspace />, api);
    const choice = await screen.findByTestId('connect-choice');
    expect(choice).toHaveTextContent('模拟云已开启。以何种身份打开此连接：');
    expect(within(choice).getByTestId('connect-choice-observe')).toHaveTextContent('以云端身份旁观（观察者）');
    await user.click(within(choice).getByTestId('connect-choice-device'));
    const warning = await screen.findByTestId('clientid-warning');
    expect(warning).toHaveTextContent('客户端 ID“Chic_D”已被占用');
    expect(warning).toHaveTextContent('很可能是模组');
    await user.click(within(warning).getByRole('button', { name: '以云端身份旁观（观察者）' }));
    await waitFor(() => expect(screen.getByTestId('mqtt-disconnect')).toHaveTextContent('停止旁观'));
    api.emit(
      'mqtt.messages',
      frameMaker('s-observer')([
        trace({ direction: 'out', topic: 'x/y', trace: { kind: 'downlink', dropped: 'dropped: topic not allowed' } }),
      ]),
    );
    const row = (await screen.findAllByTestId('log-row'))[0]!;
    expect(within(row).getByTestId('log-row-trace')).toHaveTextContent('下行');
    expect(within(row).getByTestId('log-row-verdict')).toHaveTextContent('已丢弃：该主题不允许下发给设备');
  });
});
