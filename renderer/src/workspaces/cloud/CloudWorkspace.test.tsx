import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOUD_IDS, CLOUDS } from '../../../../shared/cloud';
import { fail, ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { renderWithApi } from '../../../test/render';
import { i18next } from '../../i18n';
import { useMqttHandoffStore } from '../../stores/mqttHandoff';
import { useUiStore } from '../../stores/ui';
import { useDeviceStore } from '../device/connection/device-store';
import { useEditorStore } from '../device/editor/editor-store';
import { CloudWorkspace } from './CloudWorkspace';
import { useCloudStore } from './store';

const SEED_TOKEN =
  'version=2018-10-31&res=products%2F469948%2Fdevices%2FChic_D&et=1673053248&method=sha1&sign=prIMDQ23WFI6PMj2IWpaRJJL4eE%3D';

const writeText = vi.fn<(text: string) => Promise<void>>();

beforeEach(() => {
  writeText.mockReset().mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  for (const id of CLOUD_IDS) useCloudStore.getState().reset(id);
  useCloudStore.getState().selectCloud('aliyun');
  useMqttHandoffStore.setState({ request: null });
  useEditorStore.setState({ tabs: [], activeId: null });
  useDeviceStore.setState({ connectedPath: null, selected: null });
});

afterEach(async () => {
  await i18next.changeLanguage('en');
});

const pickCloud = async (id: string) => {
  await userEvent.click(screen.getByTestId(`cloud-${id}`));
};

const type = async (field: string, text: string) => {
  const input = screen.getByTestId(`field-${field}`);
  await userEvent.clear(input);
  if (text) await userEvent.paste(text);
};

const fillAliyun = async () => {
  await pickCloud('aliyun');
  await userEvent.click(screen.getByTestId('fill-example'));
  await userEvent.click(screen.getByTestId('compute'));
  await screen.findByTestId('result');
};

describe('cloud wizards', { timeout: 30_000 }, () => {
  it('renders every cloud’s fields with the English and the Chinese console label', async () => {
    renderWithApi(<CloudWorkspace />);
    for (const id of CLOUD_IDS) {
      await pickCloud(id);
      const form = screen.getByTestId('wizard-form');
      for (const field of CLOUDS[id].fields) {
        expect(within(form).getAllByText(field.label).length, `${id}.${field.id} en`).toBeGreaterThan(0);
        expect(within(form).getAllByText(field.labelZh).length, `${id}.${field.id} zh`).toBeGreaterThan(0);
        expect(within(form).getByTestId(`field-${field.id}`)).toBeInTheDocument();
      }
    }
  }, 30_000);

  it('puts the Chinese label first when the UI speaks Chinese', async () => {
    await i18next.changeLanguage('zh');
    renderWithApi(<CloudWorkspace />);
    await pickCloud('onenet');
    const label = document.querySelector('label[for="cloud-onenet-productId"]')!;
    expect(label.querySelector('.field-primary')).toHaveTextContent('产品ID');
    expect(label.querySelector('.field-alt')).toHaveTextContent('Product ID');
    expect(screen.getByTestId('compute')).toHaveTextContent('生成连接参数');
  });

  it('shows the cloud’s validation message on the field and refuses to compute', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('onenet');
    await type('productId', '469948');
    await type('deviceName', 'Chic_D');
    await type('accessKey', 'not base64!');
    await userEvent.click(screen.getByTestId('compute'));
    expect(screen.getByTestId('error-accessKey')).toHaveTextContent('access_key must be base64');
    expect(screen.getByTestId('field-accessKey')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('compute')).toBeDisabled();
    expect(screen.queryByTestId('result')).not.toBeInTheDocument();

    await type('accessKey', 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=');
    await type('keepalive', '5');
    expect(screen.getByTestId('error-keepalive')).toHaveTextContent('keepalive must be 10–1800 s for OneNET');
    expect(screen.getByTestId('compute')).toBeDisabled();

    await type('keepalive', '120');
    expect(screen.queryByTestId('error-keepalive')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('compute'));
    expect(await screen.findByTestId('result')).toBeInTheDocument();
    expect(screen.getByTestId('value-username')).toHaveTextContent('469948');
    expect(screen.getByTestId('value-clientId')).toHaveTextContent('Chic_D');
  });

  it('shows every validation error of the form at once', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('huawei');
    await type('timestamp', '2021-01-19 09');
    await userEvent.click(screen.getByTestId('compute'));
    expect(screen.getByTestId('error-deviceId')).toHaveTextContent('Device ID is required');
    expect(screen.getByTestId('error-secret')).toHaveTextContent('Secret is required');
    expect(screen.getByTestId('error-timestamp')).toHaveTextContent('Huawei timestamp is UTC YYYYMMDDHH');
    expect(screen.getByTestId('compute')).toBeDisabled();
  });

  it('names a missing required field and explains the Huawei timestamp format', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('huawei');
    await userEvent.click(screen.getByTestId('compute'));
    expect(screen.getByTestId('error-deviceId')).toHaveTextContent('Device ID is required');
    await type('deviceId', '5fbbb784b4ec2202e982e643_868540050954037');
    await type('secret', 'abc12345');
    await type('timestamp', '2021-01-19 09');
    expect(screen.getByTestId('error-timestamp')).toHaveTextContent('Huawei timestamp is UTC YYYYMMDDHH');
    await userEvent.click(screen.getByTestId('now-timestamp'));
    expect((screen.getByTestId('field-timestamp') as HTMLInputElement).value).toMatch(/^\d{10}$/);
    expect(screen.queryByTestId('error-timestamp')).not.toBeInTheDocument();
  });

  it('reproduces the OneNET guide’s token from its example values, marked as expired', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('onenet');
    await userEvent.click(screen.getByTestId('fill-example'));
    expect(screen.getByTestId('field-expiresAt')).toHaveValue('1673053248');
    expect((screen.getByTestId('field-expiresAt-date') as HTMLInputElement).value).toMatch(/^2023-01-0[67]T/);
    await userEvent.click(screen.getByTestId('compute'));
    expect(screen.queryByTestId('error-expiresAt')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('reveal-password'));
    expect(screen.getByTestId('value-password')).toHaveTextContent(SEED_TOKEN);
    expect(screen.getByTestId('expiry-badge')).toHaveTextContent(
      /^expired on 07\/01\/2023, \d\d:\d\d:48: the cloud will refuse it$/,
    );
  });

  it('shows a fresh OneNET expiry as “expires in N days” and picks it with the date picker', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('onenet');
    await userEvent.click(screen.getByTestId('fill-example'));
    const inTenDays = new Date(Date.now() + 10.5 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${inTenDays.getFullYear()}-${pad(inTenDays.getMonth() + 1)}-${pad(inTenDays.getDate())}T${pad(inTenDays.getHours())}:${pad(inTenDays.getMinutes())}:00`;
    fireEvent.change(screen.getByTestId('field-expiresAt-date'), { target: { value: local } });
    expect(screen.getByTestId('field-expiresAt')).toHaveValue(String(Math.floor(new Date(local).getTime() / 1000)));
    await userEvent.click(screen.getByTestId('compute'));
    expect(screen.getByTestId('expiry-badge')).toHaveTextContent('expires in 10 days');
  });
});

describe('secrets and copying', { timeout: 30_000 }, () => {
  it('masks secret inputs until revealed', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('aliyun');
    const secret = screen.getByTestId('field-deviceSecret');
    expect(secret).toHaveAttribute('type', 'password');
    await userEvent.click(screen.getByTestId('reveal-deviceSecret'));
    expect(secret).toHaveAttribute('type', 'text');
    await userEvent.click(screen.getByTestId('reveal-deviceSecret'));
    expect(secret).toHaveAttribute('type', 'password');
  });

  it('masks the password until “Show”, and copies each value to the clipboard', async () => {
    renderWithApi(<CloudWorkspace />);
    await fillAliyun();
    const expected = CLOUDS.aliyun.compute(useCloudStore.getState().wizards.aliyun!.values, Date.now());
    const shown = screen.getByTestId('value-password');
    expect(shown).not.toHaveTextContent(expected.password);
    expect(shown.textContent).toMatch(/^•+$/);

    await userEvent.click(screen.getByTestId('copy-password'));
    expect(writeText).toHaveBeenLastCalledWith(expected.password);
    expect(screen.getByTestId('copy-password')).toHaveTextContent('Copied');
    expect(screen.getByTestId('value-password')).not.toHaveTextContent(expected.password);

    await userEvent.click(screen.getByTestId('reveal-password'));
    expect(screen.getByTestId('value-password')).toHaveTextContent(expected.password);

    await userEvent.click(screen.getByTestId('copy-clientId'));
    expect(writeText).toHaveBeenLastCalledWith('Quecpython|securemode=3,signmethod=hmacsha256|');
    await userEvent.click(screen.getByTestId('copy-host'));
    expect(writeText).toHaveBeenLastCalledWith('a1YoiRfLSbV.iot-as-mqtt.cn-shanghai.aliyuncs.com');
    await userEvent.click(screen.getByTestId('copy-topic-property.post'));
    expect(writeText).toHaveBeenLastCalledWith('/sys/a1YoiRfLSbV/QuecPyhon_Dev/thing/event/property/post');
  });

  it('lists the cloud’s topics with their direction', async () => {
    renderWithApi(<CloudWorkspace />);
    await fillAliyun();
    const row = screen.getByTestId('topic-property.set');
    expect(row).toHaveTextContent('Down');
    expect(row).toHaveTextContent('/sys/a1YoiRfLSbV/QuecPyhon_Dev/thing/service/property/set');
    expect(screen.getByTestId('topic-property.post')).toHaveTextContent('Up');
  });

  it('editing the form drops the stale result', async () => {
    renderWithApi(<CloudWorkspace />);
    await fillAliyun();
    await type('deviceName', 'Other_Dev');
    expect(screen.queryByTestId('result')).not.toBeInTheDocument();
    expect(screen.getByTestId('result-empty')).toBeInTheDocument();
  });
});

describe('actions', { timeout: 30_000 }, () => {
  it('creates an MQTT profile with the downlink topics subscribed and hands it to the MQTT console', async () => {
    const api = createFakeApi({
      profileSave: (req) =>
        ok({
          id: 'p-42',
          name: req.name,
          connection: {
            host: req.connection.host,
            port: req.connection.port,
            transport: 'mqtt',
            path: '/mqtt',
            version: '3.1.1',
            clientId: '',
            keepaliveSec: 60,
            cleanStart: true,
            connectTimeoutMs: 10_000,
            reconnect: { enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000 },
          },
          subscriptions: [],
          templates: [],
          createdAt: 0,
          updatedAt: 0,
          secrets: { password: true, keyPassphrase: false },
        }),
    });
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('open-in-mqtt'));
    await waitFor(() => expect(useMqttHandoffStore.getState().request).toEqual({ profileId: 'p-42', connect: false }));
    expect(useUiStore.getState().workspace).toBe('mqtt');
    const saved = api.calls.find((c) => c.name === 'profileSave')!.request as {
      connection: { host: string; port: number; clientId: string; username: string; keepaliveSec: number };
      subscriptions: Array<{ topic: string }>;
      templates: Array<{ topic: string; payload: string }>;
      secrets: { password: string };
    };
    expect(saved.connection).toMatchObject({
      host: 'a1YoiRfLSbV.iot-as-mqtt.cn-shanghai.aliyuncs.com',
      port: 1883,
      username: 'QuecPyhon_Dev&a1YoiRfLSbV',
      keepaliveSec: 300,
    });
    expect(saved.secrets.password).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.subscriptions.map((s) => s.topic)).toContain(
      '/sys/a1YoiRfLSbV/QuecPyhon_Dev/thing/service/property/set',
    );
    expect(saved.subscriptions.every((s) => !s.topic.includes('{'))).toBe(true);
    const post = saved.templates.find((t) => t.topic === '/sys/a1YoiRfLSbV/QuecPyhon_Dev/thing/event/property/post')!;
    expect(JSON.parse(post.payload)).toMatchObject({ method: 'thing.event.property.post' });
  });

  it('shows a profile error instead of switching workspace', async () => {
    useUiStore.getState().setWorkspace('cloud');
    const api = createFakeApi({
      profileSave: () => ({ ok: false, error: { code: 'STORAGE_ERROR', message: 'Disk full: free some space.' } }),
    });
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('open-in-mqtt'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Disk full: free some space.');
    expect(useUiStore.getState().workspace).toBe('cloud');
  });

  it('generates main.py, previews it highlighted, copies it and hands it to the editor', async () => {
    const api = createFakeApi();
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('generate-script'));
    const code = await screen.findByTestId('script-code');
    await waitFor(() => expect(code.querySelector('.cm-content')?.textContent).toContain('a1YoiRfLSbV'));
    expect(code.querySelector('.cm-content')).toHaveAttribute('contenteditable', 'false');
    const request = api.calls.find((c) => c.name === 'cloudGenerateScript')!.request as {
      cloud: string;
      fields: Record<string, string>;
    };
    expect(request.cloud).toBe('aliyun');
    expect(request.fields.deviceSecret).toBe('a86aadbbe78de7b8248adfc09e458bb9');

    await userEvent.click(screen.getByTestId('copy-script'));
    expect(writeText.mock.lastCall?.[0]).toContain('a1YoiRfLSbV');
    await userEvent.click(screen.getByTestId('open-in-editor'));
    const { tabs, activeId } = useEditorStore.getState();
    const tab = tabs.find((x) => x.id === activeId)!;
    expect(tab).toMatchObject({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, savedText: '' });
    expect(tab.text).toBe(writeText.mock.lastCall?.[0]);
    expect(useUiStore.getState().workspace).toBe('device');
  });

  it('asks in the app dialog before the generated script replaces unsaved edits of main.py', async () => {
    const browserConfirm = vi.fn(() => true);
    vi.stubGlobal('confirm', browserConfirm);
    const tabId = useEditorStore
      .getState()
      .open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'print("mine")' });
    useEditorStore.getState().setText(tabId, 'print("my edit")');
    renderWithApi(<CloudWorkspace />, createFakeApi());
    await fillAliyun();
    await userEvent.click(screen.getByTestId('generate-script'));
    await screen.findByTestId('script-code');
    const tabText = () => useEditorStore.getState().tabs.find((x) => x.id === tabId)?.text;

    await userEvent.click(screen.getByTestId('open-in-editor'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('unsaved changes to main.py');
    await userEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(useUiStore.getState().workspace).toBe('device'));
    expect(tabText()).toBe('print("my edit")');

    useUiStore.getState().setWorkspace('cloud');
    await userEvent.click(await screen.findByTestId('open-in-editor'));
    await userEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(tabText()).toContain('a1YoiRfLSbV'));
    expect(browserConfirm).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('asks to connect a module first when none is open', async () => {
    const api = createFakeApi({ deviceSessions: () => ok([]) });
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('push-to-module'));
    expect(await screen.findByTestId('push-no-device')).toHaveTextContent('No module is connected');
    expect(api.calls.some((c) => c.name === 'devicePush')).toBe(false);
  });

  it('pushes main.py to the connected module and restarts it', async () => {
    useDeviceStore.setState({ connectedPath: '/dev/ttyUSB5', status: 'connected' });
    const api = createFakeApi({
      deviceSessions: () =>
        ok([
          { path: 'sim://ec600n-modern', state: 'connected', baudRate: 115200 },
          { path: '/dev/ttyUSB5', state: 'connected', baudRate: 115200 },
        ]),
      devicePush: (req) =>
        ok({
          remote: req.remote,
          bytes: 2048,
          wireBytes: 2300,
          durationMs: 40,
          encoding: '8bit',
          compressed: false,
          verified: 'sha256',
        }),
      deviceSoftReset: () => ok({ output: 'MPY: soft reboot\r\n', mainRunning: true }),
    });
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('push-to-module'));
    // The module's main.py holds other code: replacing it is asked first.
    await userEvent.click(await screen.findByTestId('confirm-ok'));
    expect(await screen.findByTestId('push-status')).toHaveTextContent(
      'Pushed 2048 bytes to /usr/main.py on /dev/ttyUSB5',
    );
    const push = api.calls.find((c) => c.name === 'devicePush')!.request as {
      path: string;
      remote: string;
      data: string;
    };
    expect(push).toMatchObject({ path: '/dev/ttyUSB5', remote: '/usr/main.py' });
    expect(push.data).toContain('a1YoiRfLSbV');

    await userEvent.click(screen.getByTestId('soft-reset'));
    expect(await screen.findByTestId('restarted')).toHaveTextContent('main.py is running');
    act(() =>
      api.emit('device.terminal', {
        path: '/dev/ttyUSB5',
        data: new TextEncoder().encode('\x1b[32mconnected\x1b[0m\r\n'),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('module-output')).toHaveTextContent('connected'));
    expect(screen.getByTestId('module-output').textContent).not.toContain('\x1b');
  });
});

describe('emulated cloud', { timeout: 30_000 }, () => {
  it('starts the emulator, points the connection at it, sends downlinks and shows what the cloud saw', async () => {
    const api = createFakeApi({
      cloudEmulatorDownlink: (req) =>
        ok({ topic: '$sys/469948/Chic_D/cmd/request/1', payload: JSON.stringify(req.params) }),
    });
    renderWithApi(<CloudWorkspace />, api);
    await pickCloud('onenet');
    await userEvent.click(screen.getByTestId('fill-example'));
    await type('expiresAt', String(Math.floor(Date.now() / 1000) + 86_400 * 30));
    await userEvent.click(screen.getByTestId('compute'));
    await userEvent.click(screen.getByTestId('emulator-switch'));
    await waitFor(() => expect(screen.getByTestId('value-host')).toHaveTextContent('127.0.0.1'));
    expect(screen.getByTestId('value-port')).toHaveTextContent('18830');
    const start = api.calls.find((c) => c.name === 'cloudEmulatorStart')!.request as {
      cloud: string;
      fields: Record<string, string>;
    };
    expect(start).toMatchObject({ cloud: 'onenet', fields: { productId: '469948', deviceName: 'Chic_D' } });

    const side = screen.getByTestId('cloud-side');
    fireEvent.change(within(side).getByTestId('downlink-params'), { target: { value: '{"switch": 0}' } });
    await userEvent.click(within(side).getByTestId('send-downlink'));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'cloudEmulatorDownlink')).toBe(true));
    expect(api.calls.find((c) => c.name === 'cloudEmulatorDownlink')!.request).toMatchObject({
      name: 'cmd.request',
      params: { switch: 0 },
    });

    act(() =>
      api.emit('cloud.emulator', {
        at: Date.now(),
        kind: 'uplink',
        clientId: 'Chic_D',
        topic: '$sys/469948/Chic_D/dp/post/json',
        payload: '{"id":1}',
      }),
    );
    expect(await within(side).findByTestId('emulator-event-uplink')).toHaveTextContent(
      '$sys/469948/Chic_D/dp/post/json',
    );

    await userEvent.clear(within(side).getByTestId('downlink-params'));
    await userEvent.type(within(side).getByTestId('downlink-params'), 'nope');
    expect(within(side).getByTestId('send-downlink')).toBeDisabled();
    expect(side).toHaveTextContent('Parameters must be a JSON object');
  });

  it('generates the script against the emulator (Aliyun through umqtt) and stops it again', async () => {
    const api = createFakeApi();
    renderWithApi(<CloudWorkspace />, api);
    await fillAliyun();
    await userEvent.click(screen.getByTestId('emulator-switch'));
    await screen.findByTestId('emulator-banner');
    expect(screen.getByTestId('script-aliyun-client')).toBeDisabled();
    await userEvent.click(screen.getByTestId('generate-script'));
    const code = await screen.findByTestId('script-code');
    await waitFor(() => expect(code.querySelector('.cm-content')?.textContent).toContain("SERVER = '127.0.0.1'"));
    expect(api.calls.find((c) => c.name === 'cloudGenerateScript')!.request).toMatchObject({
      endpoint: { host: '127.0.0.1', port: 18830, tls: false },
      options: { aliyunClient: 'umqtt' },
    });
    await userEvent.click(screen.getByTestId('emulator-switch'));
    await waitFor(() => expect(screen.queryByTestId('emulator-banner')).not.toBeInTheDocument());
    expect(screen.getByTestId('value-host')).toHaveTextContent('a1YoiRfLSbV.iot-as-mqtt.cn-shanghai.aliyuncs.com');
    expect(screen.queryByTestId('script-code')).not.toBeInTheDocument();
  });

  it('cannot start the emulator for a cloud it cannot play', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('tencent');
    expect(screen.getByTestId('emulator-switch')).toBeDisabled();
  });

  it('registers an Aliyun device (one type, one secret) and fills the DeviceSecret', async () => {
    const api = createFakeApi({
      cloudRegister: (req) =>
        ok({
          productKey: req.productKey,
          deviceName: req.deviceName,
          deviceSecret: 'issued0secret0by0cloud',
          credentials: { host: 'h', port: 1883, tls: true, clientId: 'c', username: 'u', password: 'p' },
        }),
    });
    renderWithApi(<CloudWorkspace />, api);
    await pickCloud('aliyun');
    await userEvent.click(screen.getByTestId('aliyun-mode-product'));
    await userEvent.click(screen.getByTestId('register'));
    expect(screen.getByTestId('error-productSecret')).toHaveTextContent('ProductSecret is required');
    expect(api.calls.some((c) => c.name === 'cloudRegister')).toBe(false);
    await type('productKey', 'a1llZotKkCm');
    await type('productSecret', 'mj7qKfEn73y07gyK');
    await type('deviceName', 'Chic_001');
    await userEvent.click(screen.getByTestId('register'));
    await waitFor(() => expect(screen.getByTestId('field-deviceSecret')).toHaveValue('issued0secret0by0cloud'));
    expect(api.calls.find((c) => c.name === 'cloudRegister')!.request).toMatchObject({
      productKey: 'a1llZotKkCm',
      productSecret: 'mj7qKfEn73y07gyK',
      mode: 'register',
    });
  });
});

describe('dynamic registration in Chinese', () => {
  it('names missing fields by their Chinese labels and says the cloud’s refusal in Chinese', async () => {
    await i18next.changeLanguage('zh');
    const api = createFakeApi({
      cloudRegister: () =>
        fail(
          'INVALID_CREDENTIALS',
          'Aliyun refused the registration (code 401: sign invalid); check ProductKey, ProductSecret and that dynamic registration is on for the product.',
          { messageKey: 'aliyunRegister.refused', status: '401', reason: 'sign invalid' },
        ),
    });
    renderWithApi(<CloudWorkspace />, api);
    await pickCloud('aliyun');
    await userEvent.click(screen.getByTestId('aliyun-mode-product'));
    await userEvent.click(screen.getByTestId('register'));
    expect(screen.getByTestId('error-productSecret')).toHaveTextContent('请填写ProductSecret（产品密钥）：');
    await type('productKey', 'a1llZotKkCm');
    await type('productSecret', 'wrong0secret');
    await type('deviceName', 'Chic_001');
    await userEvent.click(screen.getByTestId('register'));
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('strong')).toHaveTextContent(
      '阿里云拒绝了注册（代码 401：sign invalid）。请检查 ProductKey、ProductSecret，并确认该产品已开启动态注册。',
    );
  });
});

describe('check credentials', { timeout: 30_000 }, () => {
  const paste = async (name: string, text: string) => {
    const input = screen.getByTestId(`check-${name}`);
    await userEvent.clear(input);
    await userEvent.click(input);
    await userEvent.paste(text);
  };

  it('decodes a pasted OneNET triple, verifies it with the masked key, and names a one-character change', async () => {
    renderWithApi(<CloudWorkspace />);
    await pickCloud('onenet');
    await paste('clientId', 'Chic_D');
    await paste('username', '469948');
    await paste('password', SEED_TOKEN);
    expect(screen.getByTestId('check-secret')).toHaveAttribute('type', 'password');
    await paste('secret', 'rs2FaE5BuygJZkWKDA5okKt1RFpwOx53hbu6hwyCS4U=');
    await userEvent.click(screen.getByTestId('check-reveal-secret'));
    expect(screen.getByTestId('check-secret')).toHaveAttribute('type', 'text');
    await userEvent.click(screen.getByTestId('check-run'));
    expect(await screen.findByTestId('check-verdict')).toHaveTextContent('signature matches the secret');
    expect(screen.getByTestId('check-expiry')).toHaveTextContent(
      /^expired on 07\/01\/2023, \d\d:\d\d:48: the cloud will refuse it$/,
    );
    expect(
      within(screen.getByTestId('check-part-password.res')).getByText('products/469948/devices/Chic_D'),
    ).toBeTruthy();
    expect(screen.queryByTestId('check-diagnosis')).not.toBeInTheDocument();

    await paste('password', SEED_TOKEN.replace('devices%2FChic_D', 'devices%2Fchic_d'));
    expect(screen.queryByTestId('check-result')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('check-run'));
    expect(await screen.findByTestId('check-verdict')).toHaveTextContent('signature does not match');
    expect(screen.getByTestId('check-diagnosis')).toHaveTextContent(
      "the password matches if the device name is 'Chic_D' instead of 'chic_d'",
    );
    expect(screen.getByTestId('check-problems')).toHaveTextContent(
      'clientId Chic_D is not the device name in res (chic_d): OneNET refuses it',
    );
  });

  it('speaks Chinese, and says which clouds it knows for the others', async () => {
    await i18next.changeLanguage('zh');
    renderWithApi(<CloudWorkspace />);
    await pickCloud('huawei');
    await paste('clientId', 'demo_node1_0_0_2025041401');
    await paste('username', 'demo_node1');
    await paste('password', 'c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a');
    await paste('secret', '12345679');
    await userEvent.click(screen.getByTestId('check-run'));
    expect(await screen.findByTestId('check-verdict')).toHaveTextContent('签名不一致');
    expect(screen.getByTestId('check-diagnosis')).toHaveTextContent(
      '若设备密钥的第 8 个字符为“8”而不是“9”，密码即可匹配',
    );
    await pickCloud('aws');
    expect(screen.getByTestId('check-unavailable')).toHaveTextContent(
      '可检查阿里云、OneNET、华为云、腾讯云和 Azure 的凭据',
    );
  });
});
