import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ProfileSaveRequest } from '../../../../shared/api/mqtt';
import { fail } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { fakeLocalProfile } from '../../../test/fake/mqtt';
import { renderWithApi } from '../../../test/render';
import { i18next } from '../../i18n';
import { ProfileForm } from './ProfileForm';

const lastSave = (api: ReturnType<typeof createFakeApi>) =>
  api.calls.filter((c) => c.name === 'profileSave').at(-1)?.request as ProfileSaveRequest | undefined;

// Many user steps per test on a shared 2-core machine: more than vitest's 5 s default.
describe('ProfileForm', { timeout: 30_000 }, () => {
  it('creates a profile from the form, with the protocol port and a generated client id', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { api } = renderWithApi(<ProfileForm onSaved={onSaved} onCancel={() => undefined} />);
    await user.type(screen.getByTestId('form-name'), 'Plant sensor');
    await user.type(screen.getByTestId('form-host'), 'broker.example.com');
    await user.selectOptions(screen.getByTestId('form-transport'), 'mqtts');
    expect(screen.getByTestId('form-port')).toHaveValue('8883');
    await user.selectOptions(screen.getByTestId('form-version'), '5');
    await user.click(screen.getByTestId('form-generate-client-id'));
    expect((screen.getByTestId('form-clientId') as HTMLInputElement).value).toMatch(/^qpy_[0-9a-f]{8}$/);
    await user.type(screen.getByTestId('form-username'), 'dev1');
    await user.type(screen.getByTestId('form-password'), 'p@ss');
    expect(screen.getByTestId('form-password')).toHaveAttribute('type', 'password');
    await user.type(screen.getByTestId('form-sessionExpirySec'), '3600');
    await user.click(screen.getByTestId('form-save'));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const req = lastSave(api)!;
    expect(req.id).toBeUndefined();
    expect(req.name).toBe('Plant sensor');
    expect(req.connection).toMatchObject({
      host: 'broker.example.com',
      port: 8883,
      transport: 'mqtts',
      version: '5',
      username: 'dev1',
      sessionExpirySec: 3600,
      tls: { allowInsecure: false },
    });
    expect(req.secrets).toEqual({ password: 'p@ss' });
  });

  it('shows a specific message for each invalid field and does not save', async () => {
    const user = userEvent.setup();
    const { api } = renderWithApi(<ProfileForm onSaved={() => undefined} onCancel={() => undefined} />);
    await user.clear(screen.getByTestId('form-port'));
    await user.type(screen.getByTestId('form-port'), '70000');
    await user.type(screen.getByTestId('form-host'), 'mqtt://x');
    await user.click(screen.getByTestId('form-save'));
    expect(screen.getByTestId('form-error-name')).toHaveTextContent('Give the connection a name');
    expect(screen.getByTestId('form-error-host')).toHaveTextContent('no "mqtt://"');
    expect(screen.getByTestId('form-error-port')).toHaveTextContent('1 to 65535');
    expect(api.calls.some((c) => c.name === 'profileSave')).toBe(false);
  });

  it('keeps a saved password unless changed, and reveals it only through the backend', async () => {
    const user = userEvent.setup();
    const profile = fakeLocalProfile({ secrets: { password: true, keyPassphrase: false } });
    const { api } = renderWithApi(
      <ProfileForm profile={profile} onSaved={() => undefined} onCancel={() => undefined} />,
    );
    const password = screen.getByTestId('form-password');
    expect(password).toHaveValue('');
    expect(password).toHaveAttribute('placeholder', '•••••••• saved');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(lastSave(api)).toBeDefined());
    expect(lastSave(api)!.secrets).toEqual({});
    expect(lastSave(api)!.id).toBe('p-local');

    await user.click(screen.getByTestId('form-reveal-password'));
    await waitFor(() => expect(screen.getByTestId('form-password')).toHaveValue('s3cret-pass'));
    expect(screen.getByTestId('form-password')).toHaveAttribute('type', 'text');
    expect(api.calls.find((c) => c.name === 'profileRevealSecret')?.request).toEqual({
      id: 'p-local',
      field: 'password',
    });

    await user.clear(screen.getByTestId('form-password'));
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(lastSave(api)!.secrets).toEqual({ password: null }));
  });

  it('says a saved password that can no longer be decrypted must be entered again (en and zh)', async () => {
    const profile = fakeLocalProfile({ secrets: { password: true, keyPassphrase: false, unreadable: ['password'] } });
    renderWithApi(<ProfileForm profile={profile} onSaved={() => undefined} onCancel={() => undefined} />);
    expect(screen.getByText(/cannot be read any more.*enter it again/)).toBeInTheDocument();
    await act(() => i18next.changeLanguage('zh'));
    try {
      expect(await screen.findByText(/无法读取.*重新输入/)).toBeInTheDocument();
    } finally {
      await act(() => i18next.changeLanguage('en'));
    }
  });

  it('warns visibly when self-signed certificates are allowed', async () => {
    const user = userEvent.setup();
    renderWithApi(<ProfileForm profile={fakeLocalProfile()} onSaved={() => undefined} onCancel={() => undefined} />);
    expect(screen.queryByTestId('form-allowInsecure')).toBeNull();
    await user.selectOptions(screen.getByTestId('form-transport'), 'wss');
    expect(screen.queryByTestId('form-insecure-warning')).toBeNull();
    await user.click(screen.getByTestId('form-allowInsecure'));
    expect(screen.getByTestId('form-insecure-warning')).toHaveTextContent('will not be checked');
  });

  it('shows the backend error with its code', async () => {
    const api = createFakeApi({
      profileSave: () => fail('STORAGE_ERROR', 'Could not write profiles.json: the disk is full. Free some space.'),
    });
    renderWithApi(
      <ProfileForm profile={fakeLocalProfile()} onSaved={() => undefined} onCancel={() => undefined} />,
      api,
    );
    fireEvent.submit(screen.getByTestId('profile-form'));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('disk is full');
    expect(banner).toHaveAttribute('data-code', 'STORAGE_ERROR');
  });
});
