import { afterEach, describe, expect, it } from 'vitest';
import { portLabel } from '../workspaces/device/port-label';
import { operationText } from '../workspaces/device/connection/operation-text';
import { emulatorReasonText } from '../workspaces/mqtt/logic/emulator-reason';
import { refusalText, sessionErrorText } from '../workspaces/mqtt/logic/session-text';
import { i18next } from './index';

// The backend's English sentences, translated in the renderer by their pattern and parameters.
describe('backend texts in Chinese', () => {
  afterEach(() => i18next.changeLanguage('en'));

  it('names the simulator and Quectel ports, and a busy operation', async () => {
    await i18next.changeLanguage('zh');
    const t = i18next.t.bind(i18next);
    expect(
      portLabel({ path: 'sim://ec600n-modern', label: 'Simulated EC600N (QuecPython)', kind: 'simulator' }, t),
    ).toBe('模拟 EC600N（QuecPython）');
    expect(portLabel({ path: 'sim://bg95-legacy', kind: 'simulator' }, t)).toContain('旧版 1.13 固件');
    expect(operationText('push /usr/main.py', i18next.getFixedT('zh', 'device'))).toBe('写入 /usr/main.py');
    expect(operationText('something new', t)).toBe('something new');
  });

  it('translates the emulator reasons with their parameters, and keeps unknown ones as they are', async () => {
    await i18next.changeLanguage('zh');
    const t = i18next.t.bind(i18next);
    expect(emulatorReasonText('token expired at 2023-01-07T01:00:48.000Z', t)).toBe(
      'token 已于 2023-01-07T01:00:48.000Z 过期',
    );
    expect(emulatorReasonText('password does not match the secret; the message is dropped', t)).toBe(
      '密码与设备密钥不符；消息被丢弃',
    );
    expect(emulatorReasonText('a sentence no table knows', t)).toBe('a sentence no table knows');
    expect(
      sessionErrorText('Nothing accepts connections on 127.0.0.1:1: check the host and port, or start the broker.', t),
    ).toBe('127.0.0.1:1 上没有服务在接受连接：请检查主机和端口，或启动 Broker。');
    expect(refusalText({ code: 4, reason: 'Bad user name or password', hint: 'Check…' }, '3.1.1', t).reason).toBe(
      '用户名或密码错误',
    );
  });

  it('leaves English as the backend says it', async () => {
    await i18next.changeLanguage('en');
    const t = i18next.t.bind(i18next);
    const sim = { path: 'sim://ec600n-modern', label: 'Simulated EC600N (QuecPython)', kind: 'simulator' as const };
    expect(portLabel(sim, t)).toBe(sim.label);
    expect(emulatorReasonText('token expired at 2023-01-07T01:00:48.000Z', t)).toBe(
      'token expired at 2023-01-07T01:00:48.000Z',
    );
  });
});
