import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../../shared/result';
import { LocalPickerDialog } from '../../../components/LocalPicker';
import { createFakeApi } from '../../../../test/fake-api';
import { FAKE_PROJECT_GRANT, localFakes } from '../../../../test/fake/local';
import { renderWithApi } from '../../../../test/render';
import { useDeviceStore } from '../connection/device-store';
import { DeviceNotice } from '../connection/DeviceNotice';
import { FileManager } from './FileManager';
import { useLocalFolder } from './local-folder-store';
import { LocalPane } from './LocalPane';
import { useTransfers } from './transfers-store';

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
    // /usr/main.py is already on the module: nothing is replaced without asking.
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent(
      '/usr/main.py is already on the module. Replace it?',
    );
    fireEvent.click(screen.getByTestId('confirm-ok'));
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

const LIB_LISTING = {
  grant: FAKE_PROJECT_GRANT.id,
  relPath: 'lib',
  parentRelPath: '',
  path: '/home/user/proj/lib',
  sep: '/' as const,
  entries: [
    { name: '.cache', relPath: 'lib/.cache', type: 'file' as const, size: 9, mtimeMs: 0 },
    { name: 'util.py', relPath: 'lib/util.py', type: 'file' as const, size: 30, mtimeMs: 0 },
  ],
};

/** The fake project, with lib/ holding util.py and a hidden file. */
const projectApi = (overrides: Parameters<typeof createFakeApi>[0] = {}) =>
  createFakeApi({
    localList: (request, backend) =>
      request.relPath === 'lib' ? ok(LIB_LISTING) : localFakes.localList(request, backend),
    ...overrides,
  });

/** jsdom has no DataTransfer: the part a drag from one pane to the other uses. */
const dataTransfer = () => {
  const data = new Map<string, string>();
  return {
    data,
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    effectAllowed: 'all',
    dropEffect: 'none',
    items: [],
    files: [],
  };
};

const pushes = (api: ReturnType<typeof createFakeApi>) =>
  api.calls.filter((c) => c.name === 'devicePush').map((c) => c.request as { remote: string; local?: unknown });

describe('LocalPane pushes selected files and folders', () => {
  beforeEach(() => {
    sessionStorage.clear();
    useLocalFolder.setState({ grant: null, relPath: '', shownPath: null, recent: [], version: 0, showHidden: false });
    useLocalFolder.getState().setGrant(FAKE_PROJECT_GRANT);
    useDeviceStore.setState({ status: 'connected', connectedPath: PATH, selected: { path: PATH }, notice: null });
    useTransfers.setState({ transfers: [] });
  });

  const row = async (name: string) =>
    (await screen.findAllByTestId('local-entry')).find((e) => e.dataset.name === name)!;

  it('pushes a selected folder and file into the module folder shown, asking before replacing main.py', async () => {
    const api = projectApi();
    renderWithApi(<FileManager />, api);
    fireEvent.click(await row('lib'));
    fireEvent.click(await row('main.py'), { ctrlKey: true });
    expect(screen.getByTestId('local-push')).toHaveTextContent('Push 2 to /usr');
    fireEvent.click(screen.getByTestId('local-push'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('/usr/main.py is already on the module');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('transfer')).toHaveTextContent('2 files → /usr');
    // The hidden file inside lib/ stays on this computer; files are read by the backend, by grant.
    expect(pushes(api)).toEqual([
      expect.objectContaining({
        remote: '/usr/lib/util.py',
        local: { grant: FAKE_PROJECT_GRANT.id, relPath: 'lib/util.py' },
      }),
      expect.objectContaining({ remote: '/usr/main.py', local: { grant: FAKE_PROJECT_GRANT.id, relPath: 'main.py' } }),
    ]);
  });

  it('declining the overwrite question writes nothing', async () => {
    const api = projectApi();
    renderWithApi(<FileManager />, api);
    fireEvent.click(await row('main.py'));
    fireEvent.click(screen.getByTestId('local-push'));
    fireEvent.click(await screen.findByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(pushes(api)).toEqual([]);
    expect(screen.queryByTestId('transfer')).toBeNull();
  });

  it('a drag from the local pane onto the module pane pushes the dragged folder, saying where it lands', async () => {
    const api = projectApi();
    renderWithApi(<FileManager />, api);
    const transfer = dataTransfer();
    fireEvent.dragStart(await row('lib'), { dataTransfer: transfer });
    fireEvent.dragOver(screen.getByTestId('module-pane'), { dataTransfer: transfer });
    fireEvent.drop(screen.getByTestId('module-pane'), { dataTransfer: transfer });
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('transfer')).toHaveTextContent('lib/util.py → /usr/lib');
    expect(pushes(api).map((p) => p.remote)).toEqual(['/usr/lib/util.py']);
  });

  it('a drag carrying another grant (an earlier run) pushes nothing', async () => {
    const api = projectApi();
    renderWithApi(<FileManager />, api);
    await row('lib');
    const transfer = dataTransfer();
    transfer.setData(
      'application/x-qpy-local-entries',
      JSON.stringify({ grant: 'old', entries: [{ name: 'main.py', relPath: 'main.py', type: 'file', size: 1 }] }),
    );
    fireEvent.drop(screen.getByTestId('module-pane'), { dataTransfer: transfer });
    transfer.setData('application/x-qpy-local-entries', '{not json');
    fireEvent.drop(screen.getByTestId('module-pane'), { dataTransfer: transfer });
    await waitFor(() => expect(api.calls.filter((c) => c.name === 'deviceFree').length).toBeGreaterThan(0));
    expect(pushes(api)).toEqual([]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('checks the batch against free space first: nothing is written when it cannot fit', async () => {
    const api = projectApi({
      deviceFree: ({ remote }) => ok({ path: remote ?? '/usr', total: 1_048_576, free: 4096, blockSize: 4096 }),
    });
    renderWithApi(
      <>
        <DeviceNotice />
        <FileManager />
      </>,
      api,
    );
    fireEvent.click(await row('lib'));
    fireEvent.click(await row('main.py'), { ctrlKey: true });
    fireEvent.click(screen.getByTestId('local-push'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not enough room in /usr');
    expect(pushes(api)).toEqual([]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('a folder that cannot be read is reported and nothing is pushed', async () => {
    const api = createFakeApi();
    renderWithApi(
      <>
        <DeviceNotice />
        <FileManager />
      </>,
      api,
    );
    fireEvent.click(await row('lib'));
    fireEvent.click(screen.getByTestId('local-push'));
    expect(await screen.findByRole('alert')).toHaveAttribute('data-code', 'NOT_FOUND');
    expect(pushes(api)).toEqual([]);
  });
});
