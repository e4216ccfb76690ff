import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../shared/api/app';
import i18next from 'i18next';
import { useConnectionStore } from '../stores/connection';
import { renderWithApi } from '../../test/render';
import { StartupNotices } from './StartupNotices';

const info = (notices: AppInfo['notices']): AppInfo => ({
  name: 'QPY Studio',
  version: '0.1.0',
  shell: 'web',
  platform: 'linux',
  versions: {},
  dataDir: '/tmp/qpy',
  osEncryption: false,
  notices,
});

describe('StartupNotices', () => {
  it('renders nothing, and keeps rendering, before the app info arrives', () => {
    renderWithApi(<StartupNotices />);
    expect(screen.queryByTestId('startup-notice')).toBeNull();
  });

  it('says nothing when the start went well', () => {
    act(() => useConnectionStore.getState().setInfo(info([])));
    renderWithApi(<StartupNotices />);
    expect(screen.queryByTestId('startup-notice')).toBeNull();
  });

  it('tells, in Chinese, that profiles came from their backup and a new secret key was made; each can be closed', async () => {
    await i18next.changeLanguage('zh');
    const user = userEvent.setup();
    act(() =>
      useConnectionStore.getState().setInfo(
        info([
          { kind: 'profiles', message: 'The profiles file x is damaged; the 2 profile(s) of its backup are shown.' },
          { kind: 'secrets', message: 'secret.key was damaged; a new key was made.' },
        ]),
      ),
    );
    renderWithApi(<StartupNotices />);
    const notices = screen.getAllByTestId('startup-notice');
    expect(notices.map((n) => n.dataset.kind)).toEqual(['profiles', 'secrets']);
    expect(notices[0]).toHaveTextContent('已改为载入其备份');
    expect(notices[0]).toHaveTextContent('the 2 profile(s) of its backup');
    expect(notices[1]).toHaveTextContent('请重新输入');
    await user.click(screen.getAllByRole('button', { name: '关闭' })[0]!);
    expect(screen.getAllByTestId('startup-notice').map((n) => n.dataset.kind)).toEqual(['secrets']);
    await i18next.changeLanguage('en');
  });
});
