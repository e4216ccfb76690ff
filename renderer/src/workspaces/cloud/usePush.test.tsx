import { act, fireEvent, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../../shared/result';
import { createFakeApi, type FakeApi } from '../../../test/fake-api';
import { ApiProvider } from '../../api/context';
import { AppDialog } from '../../components/AppDialog';
import { useDeviceStore } from '../device/connection/device-store';
import { useEditorStore } from '../device/editor/editor-store';
import { MAIN_PY, usePush } from './usePush';

const PORT = 'sim://ec600n-modern';

const setup = (api: FakeApi) => {
  useDeviceStore.setState({ connectedPath: PORT, status: 'connected' });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ApiProvider api={api}>
      {children}
      <AppDialog />
    </ApiProvider>
  );
  return renderHook(() => usePush(), { wrapper });
};

const sessions = () => ok([{ path: PORT, state: 'connected' as const, baudRate: 115200 }]);

describe('push from the Cloud workspace', () => {
  it('asks before replacing other code in /usr/main.py, and pushes nothing when cancelled', async () => {
    const api = createFakeApi({ deviceSessions: sessions });
    const { result } = setup(api);
    let pushing: Promise<void> = Promise.resolve();
    act(() => {
      pushing = result.current.push('print("new")\n');
    });
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent(`${MAIN_PY} on ${PORT} already holds`);
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    await act(() => pushing);
    expect(api.calls.some((c) => c.name === 'devicePush')).toBe(false);
    expect(result.current.state).toEqual({ kind: 'idle' });
  });

  it('overwrites when agreed, and marks an open editor tab of main.py as changed on the module', async () => {
    const api = createFakeApi({ deviceSessions: sessions });
    useEditorStore
      .getState()
      .open({ title: 'main.py', source: { kind: 'module', remote: MAIN_PY }, text: 'print("hello")\n' });
    const { result } = setup(api);
    let pushing: Promise<void> = Promise.resolve();
    act(() => {
      pushing = result.current.push('print("new")\n');
    });
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await act(() => pushing);
    expect(api.calls.find((c) => c.name === 'devicePush')?.request).toMatchObject({ remote: MAIN_PY });
    await waitFor(() => expect(result.current.state.kind).toBe('pushed'));
    expect(useEditorStore.getState().tabs[0]?.changedOnModule).toEqual({ text: 'print("new")\n' });
  });

  it('pushes without asking when there is no main.py yet or it already holds this code', async () => {
    for (const read of [
      () => fail('NO_SUCH_FILE', '/usr/main.py does not exist on the module.'),
      () => ok({ remote: MAIN_PY, data: new TextEncoder().encode('print("same")\n') }),
    ]) {
      const api = createFakeApi({ deviceSessions: sessions, deviceRead: read });
      const { result, unmount } = setup(api);
      await act(() => result.current.push('print("same")\n'));
      expect(screen.queryByTestId('confirm-dialog')).toBeNull();
      expect(api.calls.filter((c) => c.name === 'devicePush')).toHaveLength(1);
      unmount();
    }
  });
});
