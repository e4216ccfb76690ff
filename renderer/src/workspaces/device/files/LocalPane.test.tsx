import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../../shared/result';
import { LocalPickerDialog } from '../../../components/LocalPicker';
import { createFakeApi } from '../../../../test/fake-api';
import { FAKE_PROJECT_GRANT } from '../../../../test/fake/local';
import { renderWithApi } from '../../../../test/render';
import { useDeviceStore } from '../connection/device-store';
import { useLocalFolder } from './local-folder-store';
import { LocalPane } from './LocalPane';

const PATH = 'sim://ec600n-modern';

describe('LocalPane', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    useLocalFolder.setState({ grant: null, relPath: '', shownPath: null, recent: [], version: 0 });
    useDeviceStore.setState({ status: 'connected', connectedPath: PATH, selected: { path: PATH }, notice: null });
  });

  it('asks for a folder first, then lists the chosen one and remembers it as recent', async () => {
    const api = createFakeApi();
    renderWithApi(<LocalPane remoteDir="/usr" />, api);
    expect(await screen.findByTestId('local-empty')).toHaveTextContent('Choose the project folder');
    expect(api.calls.some((c) => c.name === 'localList')).toBe(false);
    fireEvent.click(screen.getByTestId('local-choose'));
    await waitFor(() => expect(screen.getAllByTestId('local-entry')).toHaveLength(2));
    expect(api.calls.find((c) => c.name === 'localPick')?.request).toMatchObject({ kind: 'folder' });
    expect(screen.getByTestId('local-path')).toHaveTextContent('/home/user/proj');
    expect(useLocalFolder.getState().recent).toEqual(['/home/user/proj']);
    expect(JSON.parse(localStorage.getItem('qpy.device.recentLocalFolders')!)).toEqual(['/home/user/proj']);
  });

  it('pushes a file of the chosen folder by grant, never by path', async () => {
    useLocalFolder.getState().setGrant(FAKE_PROJECT_GRANT);
    const api = createFakeApi();
    renderWithApi(<LocalPane remoteDir="/usr" />, api);
    const main = (await screen.findAllByTestId('local-entry')).find((e) => e.dataset.name === 'main.py')!;
    fireEvent.click(main);
    fireEvent.click(await screen.findByTestId('local-upload'));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'devicePush')).toBe(true));
    expect(api.calls.find((c) => c.name === 'devicePush')?.request).toEqual({
      path: PATH,
      remote: '/usr/main.py',
      local: { grant: FAKE_PROJECT_GRANT.id, relPath: 'main.py' },
      operationId: expect.any(String),
    });
  });

  it('a grant from before a restart is dropped: the pane asks again and offers the recent folder', async () => {
    useLocalFolder.getState().setGrant({ ...FAKE_PROJECT_GRANT, id: 'stale' });
    const api = createFakeApi();
    renderWithApi(<LocalPane remoteDir="/usr" />, api);
    expect(await screen.findByRole('alert')).toHaveAttribute('data-code', 'FORBIDDEN');
    const recent = await screen.findByTestId('local-recent');
    expect(recent).toHaveTextContent('/home/user/proj');
    expect(sessionStorage.getItem('qpy.device.localGrant')).toBeNull();
    fireEvent.click(recent);
    await waitFor(() => expect(screen.getAllByTestId('local-entry')).toHaveLength(2));
    expect(api.calls.find((c) => c.name === 'localPick')?.request).toMatchObject({ startAt: '/home/user/proj' });
  });

  it("in browser mode, picks with the app's own picker: browse, then choose", async () => {
    const listing = (dir: string, names: string[]) => ({
      dir,
      parent: dir === '/' ? null : '/',
      sep: '/' as const,
      entries: names.map((name) => ({
        name,
        path: `${dir === '/' ? '' : dir}/${name}`,
        type: 'dir' as const,
        size: 0,
      })),
    });
    const api = createFakeApi({
      localPick: () => ok({ state: 'picking', pick: 'p1', kind: 'folder', listing: listing('/', ['home']) }),
      localPickBrowse: ({ dir }) => ok(listing(dir, ['proj'])),
      localPickChoose: ({ path }) =>
        path === '/home' ? ok({ state: 'granted', grant: FAKE_PROJECT_GRANT }) : fail('BAD_REQUEST', 'no'),
    });
    renderWithApi(
      <>
        <LocalPane remoteDir="/usr" />
        <LocalPickerDialog />
      </>,
      api,
    );
    fireEvent.click(await screen.findByTestId('local-choose'));
    const home = await screen.findByText('home');
    fireEvent.doubleClick(home);
    await waitFor(() => expect(screen.getByTestId('local-picker-path')).toHaveValue('/home'));
    fireEvent.click(screen.getByTestId('local-picker-choose'));
    await waitFor(() => expect(screen.queryByTestId('local-picker')).toBeNull());
    await waitFor(() => expect(screen.getAllByTestId('local-entry')).toHaveLength(2));
    expect(api.calls.find((c) => c.name === 'localPickChoose')?.request).toEqual({ pick: 'p1', path: '/home' });
  });

  it('cancelling the picker tells the backend and grants nothing', async () => {
    const api = createFakeApi({
      localPick: () =>
        ok({
          state: 'picking',
          pick: 'p2',
          kind: 'folder',
          listing: { dir: '/', parent: null, sep: '/', entries: [] },
        }),
      localPickChoose: () => ok({ state: 'cancelled' }),
    });
    renderWithApi(
      <>
        <LocalPane remoteDir="/usr" />
        <LocalPickerDialog />
      </>,
      api,
    );
    fireEvent.click(await screen.findByTestId('local-choose'));
    fireEvent.click(await screen.findByTestId('local-picker-cancel'));
    await waitFor(() => expect(screen.queryByTestId('local-picker')).toBeNull());
    expect(api.calls.find((c) => c.name === 'localPickChoose')?.request).toEqual({ pick: 'p2', path: null });
    expect(useLocalFolder.getState().grant).toBeNull();
  });
});
