import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../../../../../shared/result';
import { createFakeApi } from '../../../../test/fake-api';
import { renderWithApi } from '../../../../test/render';
import { FAKE_PROJECT_GRANT } from '../../../../test/fake/local';
import { useDeviceStore } from '../connection/device-store';
import { DeviceNotice } from '../connection/DeviceNotice';
import { FileManager } from './FileManager';
import { useTransfers } from './transfers-store';
import { useLocalFolder } from './local-folder-store';

const PATH = 'sim://ec600n-modern';

const withFolder = (name: string, rel: string, text: string) => {
  const file = new File([text], name);
  Object.defineProperty(file, 'webkitRelativePath', { value: rel });
  return file;
};

describe('FileManager module pane', () => {
  beforeEach(() => {
    useDeviceStore.setState({ status: 'connected', connectedPath: PATH, selected: { path: PATH }, notice: null });
    useTransfers.setState({ transfers: [] });
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists /usr with sizes and free space', async () => {
    renderWithApi(<FileManager />);
    const row = await screen.findByText('config.json');
    expect(row.closest('li')).toHaveTextContent('2.0 KB');
    expect(await screen.findByTestId('module-free')).toHaveTextContent('768 KB free of 1.0 MB');
    const main = screen.getAllByTestId('module-entry').find((row) => row.dataset.name === 'main.py');
    expect(main).toHaveTextContent('boot');
  });

  it('uploads a picked folder: creates its folders, pushes each file as bytes, shows the finished transfer', async () => {
    const api = createFakeApi();
    renderWithApi(<FileManager />, api);
    await screen.findByText('config.json');
    const input = screen.getByTestId('upload-folder-input');
    const files = [withFolder('main.py', 'proj/main.py', 'print(1)\n'), withFolder('u.py', 'proj/lib/u.py', '你好')];
    await act(async () => {
      fireEvent.change(input, { target: { files } });
    });
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'done'));
    const calls = api.calls.filter((c) => c.name === 'deviceMkdir' || c.name === 'devicePush');
    expect(calls.map((c) => [c.name, (c.request as { remote: string }).remote])).toEqual([
      ['deviceMkdir', '/usr/proj'],
      ['deviceMkdir', '/usr/proj/lib'],
      ['devicePush', '/usr/proj/main.py'],
      ['devicePush', '/usr/proj/lib/u.py'],
    ]);
    const pushed = calls[3]!.request as { data: Uint8Array; operationId: string };
    expect(pushed.data).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(pushed.data)).toBe('你好');
    expect(pushed.operationId).toMatch(/-1$/);
  });

  it('checks a batch against free space before writing anything, and says where a folder lands', async () => {
    const api = createFakeApi({
      deviceFree: ({ remote }) => ok({ path: remote ?? '/usr', total: 1_048_576, free: 6000, blockSize: 4096 }),
    });
    renderWithApi(
      <>
        <DeviceNotice />
        <FileManager />
      </>,
      api,
    );
    await screen.findByText('config.json');
    const files = [
      withFolder('a.py', 'proj/a.py', 'x'.repeat(3000)),
      withFolder('b.py', 'proj/b.py', 'y'.repeat(3000)),
    ];
    await act(async () => {
      fireEvent.change(screen.getByTestId('upload-folder-input'), { target: { files } });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Not enough room in /usr');
    expect(screen.getByRole('alert')).toHaveTextContent('Nothing was written');
    expect(api.calls.some((c) => c.name === 'devicePush' || c.name === 'deviceMkdir')).toBe(false);

    const roomy = createFakeApi();
    useDeviceStore.getState().report(null);
    renderWithApi(<FileManager />, roomy);
    await act(async () => {
      fireEvent.change(screen.getAllByTestId('upload-folder-input').at(-1)!, { target: { files } });
    });
    await waitFor(() => expect(screen.getAllByTestId('transfer').at(-1)).toHaveTextContent('2 files → /usr/proj'));
  });

  it('says how many files were unchanged on the module (the backend skipped them)', async () => {
    const api = createFakeApi({
      devicePush: ({ remote }) =>
        ok({
          remote,
          bytes: 1,
          wireBytes: 90,
          durationMs: 40,
          encoding: '8bit',
          compressed: false,
          verified: 'sha256',
          unchanged: remote.endsWith('a.py'),
        }),
    });
    renderWithApi(<FileManager />, api);
    await screen.findByText('config.json');
    await act(async () => {
      fireEvent.change(screen.getByTestId('upload-files-input'), {
        target: { files: [new File(['a'], 'a.py'), new File(['b'], 'b.py')] },
      });
    });
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('transfer-unchanged')).toHaveTextContent('(1)');
  });

  it('asks before an upload replaces a file already on the module; no means nothing is written', async () => {
    const api = createFakeApi();
    renderWithApi(<FileManager />, api);
    await screen.findByText('config.json');
    const upload = () =>
      act(async () => {
        fireEvent.change(screen.getByTestId('upload-files-input'), {
          target: { files: [new File(['{}'], 'config.json'), new File(['x'], 'new.py')] },
        });
      });
    await upload();
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent(
      '/usr/config.json is already on the module. Replace it?',
    );
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(api.calls.some((c) => c.name === 'devicePush')).toBe(false);
    await upload();
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'done'));
    expect(
      api.calls.filter((c) => c.name === 'devicePush').map((c) => (c.request as { remote: string }).remote),
    ).toEqual(['/usr/config.json', '/usr/new.py']);
  });

  it('stops an upload at the first failure and shows the error with its code', async () => {
    const api = createFakeApi({
      devicePush: () => fail('STORAGE_FULL', '/usr is full: delete files or upload to /bak.'),
    });
    renderWithApi(
      <>
        <DeviceNotice />
        <FileManager />
      </>,
      api,
    );
    await screen.findByText('config.json');
    await act(async () => {
      fireEvent.change(screen.getByTestId('upload-files-input'), {
        target: { files: [new File(['a'], 'a.py'), new File(['b'], 'b.py')] },
      });
    });
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'failed'));
    expect(api.calls.filter((c) => c.name === 'devicePush')).toHaveLength(1);
    expect(screen.getByRole('alert')).toHaveTextContent('/usr is full');
    expect(screen.getByRole('alert').dataset.code).toBe('STORAGE_FULL');
  });

  it('cancels a running upload: asks the backend to cancel the current operation and stops there', async () => {
    let releasePush: (value: ReturnType<typeof fail>) => void = () => undefined;
    const api = createFakeApi({
      devicePush: () => new Promise((resolve) => (releasePush = resolve)),
    });
    renderWithApi(<FileManager />, api);
    await screen.findByText('config.json');
    await act(async () => {
      fireEvent.change(screen.getByTestId('upload-files-input'), {
        target: { files: [new File(['a'], 'a.py'), new File(['b'], 'b.py')] },
      });
    });
    await waitFor(() => expect(api.calls.some((c) => c.name === 'devicePush')).toBe(true));
    const push = api.calls.find((c) => c.name === 'devicePush')!.request as { operationId: string };
    act(() =>
      api.emit('device.progress', {
        path: PATH,
        operationId: push.operationId,
        kind: 'push',
        file: '/usr/a.py',
        bytesDone: 1,
        bytesTotal: 1,
        filesDone: 0,
        filesTotal: 1,
        rate: 100,
        etaMs: 0,
        done: false,
      }),
    );
    expect(screen.getByTestId('transfer')).toHaveTextContent('50%');
    fireEvent.click(screen.getByTestId('transfer-cancel'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'deviceCancel')?.request).toEqual({
        path: PATH,
        operationId: push.operationId,
      }),
    );
    await act(async () => releasePush(fail('CANCELLED', 'The upload was cancelled; /usr/a.py was left as it was.')));
    await waitFor(() => expect(screen.getByTestId('transfer')).toHaveAttribute('data-state', 'cancelled'));
    expect(api.calls.filter((c) => c.name === 'devicePush')).toHaveLength(1);
  });

  it('deletes only after confirmation in the app dialog (not the browser confirm())', async () => {
    const api = createFakeApi();
    const browserConfirm = vi.spyOn(window, 'confirm');
    renderWithApi(<FileManager />, api);
    fireEvent.click(await screen.findByText('config.json'));
    fireEvent.click(screen.getByTestId('entry-delete'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('Delete /usr/config.json from the module?');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(api.calls.some((c) => c.name === 'deviceRemove')).toBe(false);
    fireEvent.click(screen.getByTestId('entry-delete'));
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'deviceRemove')?.request).toEqual({
        path: PATH,
        remote: '/usr/config.json',
        recursive: false,
      }),
    );
    expect(browserConfirm).not.toHaveBeenCalled();
  });

  it('shows the sync plan from the local folder before syncing', async () => {
    useLocalFolder.getState().setGrant(FAKE_PROJECT_GRANT);
    const api = createFakeApi({
      deviceSync: () =>
        ok({
          plan: {
            localDir: FAKE_PROJECT_GRANT.path,
            remoteDir: '/usr',
            new: [],
            changed: [],
            unchanged: [],
            toDelete: [],
            mkdirs: [],
            bytesToSend: 0,
            deleteExtra: false,
          },
          pushed: 2,
          deleted: 0,
          bytes: 420,
          durationMs: 30,
        }),
    });
    renderWithApi(<FileManager />, api);
    await screen.findByText('config.json');
    await screen.findAllByTestId('local-entry');
    fireEvent.click(screen.getByTestId('sync-open'));
    expect(await screen.findByTestId('sync-plan')).toHaveTextContent('/home/user/proj → /usr');
    expect(api.calls.some((c) => c.name === 'deviceSync')).toBe(false);
    fireEvent.click(screen.getByTestId('sync-run'));
    await waitFor(() => expect(screen.queryByTestId('sync-plan')).toBeNull());
    expect(api.calls.find((c) => c.name === 'deviceSync')?.request).toMatchObject({
      path: PATH,
      local: { grant: FAKE_PROJECT_GRANT.id },
      remoteDir: '/usr',
      delete: false,
    });
  });
});

describe('DeviceNotice', () => {
  it('offers a one-click Interrupt when the module is busy running a program', async () => {
    useDeviceStore.setState({
      status: 'connected',
      connectedPath: PATH,
      notice: { code: 'DEVICE_BUSY', message: 'The module is running main.py; interrupt it (Ctrl-C) to use the REPL.' },
    });
    const api = createFakeApi();
    renderWithApi(<DeviceNotice />, api);
    expect(screen.getByRole('alert')).toHaveTextContent('running main.py');
    fireEvent.click(screen.getByTestId('notice-interrupt'));
    await waitFor(() => expect(api.calls.map((c) => c.name)).toEqual(['deviceInterrupt']));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
