import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LocalGrant } from '../../../../shared/api/local';
import type { ProfileSaveRequest } from '../../../../shared/api/mqtt';
import { ok } from '../../../../shared/result';
import { createFakeApi } from '../../../test/fake-api';
import { fakeLocalProfile } from '../../../test/fake/mqtt';
import { renderWithApi } from '../../../test/render';
import { LocalPickerDialog } from '../../components/LocalPicker';
import { i18next } from '../../i18n';
import { ProfileForm } from './ProfileForm';

const lastSave = (api: ReturnType<typeof createFakeApi>) =>
  api.calls.filter((c) => c.name === 'profileSave').at(-1)?.request as ProfileSaveRequest | undefined;

const fileGrant = (name: string): LocalGrant => ({
  id: `g-${name}`,
  kind: 'file',
  name,
  path: `/home/user/certs/${name}`,
  sep: '/',
});

const PEM = (label: string) => `-----BEGIN CERTIFICATE-----\n${label}\n-----END CERTIFICATE-----\n`;

const savedTlsProfile = () =>
  fakeLocalProfile({
    connection: {
      ...fakeLocalProfile().connection,
      transport: 'mqtts',
      port: 8883,
      tls: {
        allowInsecure: false,
        ca: { name: 'ca.pem', pem: PEM('ca') },
        cert: { name: 'client.crt', pem: PEM('cert') },
        keyName: 'client.key',
      },
    },
    secrets: { password: false, keyPassphrase: false, clientKey: true },
  });

describe('ProfileForm TLS files', { timeout: 30_000 }, () => {
  it('chooses each TLS file with the picker and saves grants, never a path', async () => {
    const user = userEvent.setup();
    const byPurpose: Record<string, string> = {
      'Choose the CA certificate file': 'ca.pem',
      'Choose the client certificate file': 'client.crt',
      'Choose the client key file': 'client.key',
    };
    const api = createFakeApi({
      localPick: ({ purpose }) => ok({ state: 'granted', grant: fileGrant(byPurpose[purpose]!) }),
    });
    renderWithApi(<ProfileForm onSaved={() => undefined} onCancel={() => undefined} />, api);
    await user.type(screen.getByTestId('form-name'), 'Mutual TLS');
    await user.type(screen.getByTestId('form-host'), 'broker.example.com');
    await user.selectOptions(screen.getByTestId('form-transport'), 'mqtts');
    expect(screen.getByTestId('form-ca-name')).toHaveTextContent('System certificates');
    expect(screen.queryByRole('textbox', { name: /CA certificate/ })).toBeNull();

    await user.click(screen.getByTestId('form-ca-choose'));
    await waitFor(() => expect(screen.getByTestId('form-ca-name')).toHaveTextContent('ca.pem (read when you save)'));
    await user.click(screen.getByTestId('form-cert-choose'));
    await waitFor(() => expect(screen.getByTestId('form-cert-name')).toHaveTextContent('client.crt'));
    await user.click(screen.getByTestId('form-key-choose'));
    await waitFor(() => expect(screen.getByTestId('form-key-name')).toHaveTextContent('client.key'));
    expect(api.calls.find((c) => c.name === 'localPick')?.request).toMatchObject({
      kind: 'file',
      extensions: expect.arrayContaining(['pem', 'crt']),
    });

    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(lastSave(api)).toBeDefined());
    const save = lastSave(api)!;
    expect(save.tlsFiles).toEqual({
      ca: { grant: 'g-ca.pem' },
      cert: { grant: 'g-client.crt' },
      key: { grant: 'g-client.key' },
    });
    expect(save.connection.tls).toEqual({ allowInsecure: false });
    expect(JSON.stringify(save)).not.toContain('/home/user');
  });

  it('keeps saved files as they are, asks for the pair, and removes the key explicitly', async () => {
    const user = userEvent.setup();
    const { api } = renderWithApi(
      <ProfileForm profile={savedTlsProfile()} onSaved={() => undefined} onCancel={() => undefined} />,
    );
    expect(screen.getByTestId('form-ca-name')).toHaveTextContent('ca.pem');
    expect(screen.getByTestId('form-key-name')).toHaveTextContent('client.key');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(lastSave(api)).toBeDefined());
    expect(lastSave(api)!.tlsFiles).toBeUndefined();
    expect(lastSave(api)!.connection.tls).toMatchObject({ ca: { name: 'ca.pem' }, cert: { name: 'client.crt' } });

    await user.click(screen.getByTestId('form-key-remove'));
    await user.click(screen.getByTestId('form-save'));
    expect(screen.getByTestId('form-error-key')).toBeInTheDocument();
    await user.click(screen.getByTestId('form-cert-remove'));
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(lastSave(api)!.tlsFiles).toEqual({ key: null }));
    expect(lastSave(api)!.connection.tls?.cert).toBeUndefined();
  });

  it('shows a bundled cloud CA and keeps it (en and zh)', async () => {
    const user = userEvent.setup();
    const profile = fakeLocalProfile({
      connection: {
        ...fakeLocalProfile().connection,
        transport: 'mqtts',
        tls: { allowInsecure: false, caBundled: 'aliyun-root-ca.pem' },
      },
    });
    const { api } = renderWithApi(
      <ProfileForm profile={profile} onSaved={() => undefined} onCancel={() => undefined} />,
    );
    expect(screen.getByTestId('form-ca-name')).toHaveTextContent('Built in: aliyun-root-ca.pem');
    await act(() => i18next.changeLanguage('zh'));
    try {
      expect(screen.getByTestId('form-ca-name')).toHaveTextContent('内置：aliyun-root-ca.pem');
      expect(screen.getByTestId('form-key-choose')).toHaveTextContent('选择…');
    } finally {
      await act(() => i18next.changeLanguage('en'));
    }
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() =>
      expect(lastSave(api)!.connection.tls).toEqual({ allowInsecure: false, caBundled: 'aliyun-root-ca.pem' }),
    );
  });

  it('uses the app’s own picker in browser mode', async () => {
    const listing = {
      dir: '/home/user/certs',
      parent: '/home/user',
      sep: '/' as const,
      entries: [{ name: 'ca.pem', path: '/home/user/certs/ca.pem', type: 'file' as const, size: 1200 }],
    };
    const api = createFakeApi({
      localPick: () => ok({ state: 'picking', pick: 'p1', kind: 'file', listing }),
      localPickChoose: ({ path }) => ok({ state: 'granted', grant: { ...fileGrant('ca.pem'), path: path ?? '' } }),
    });
    renderWithApi(
      <>
        <ProfileForm profile={savedTlsProfile()} onSaved={() => undefined} onCancel={() => undefined} />
        <LocalPickerDialog />
      </>,
      api,
    );
    fireEvent.click(screen.getByTestId('form-ca-choose'));
    fireEvent.doubleClick(await screen.findByText('ca.pem', { selector: '.file-name' }));
    await waitFor(() => expect(screen.queryByTestId('local-picker')).toBeNull());
    expect(screen.getByTestId('form-ca-name')).toHaveTextContent('ca.pem (read when you save)');
    expect(api.calls.find((c) => c.name === 'localPickChoose')?.request).toEqual({
      pick: 'p1',
      path: '/home/user/certs/ca.pem',
    });
  });
});
