import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../../../shared/result';
import { createFakeApi } from '../../../../test/fake-api';
import { renderWithApi } from '../../../../test/render';
import { useDeviceStore } from '../connection/device-store';
import { EditorPanel } from './EditorPanel';
import { useEditorStore } from './editor-store';

const PATH = 'sim://ec600n-modern';
const openMain = (text: string) =>
  useEditorStore.getState().open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text });

describe('a module file that changed on the module while open', () => {
  it('shows a notice; Reload takes the module text', async () => {
    const id = openMain('old\n');
    renderWithApi(<EditorPanel />);
    expect(screen.queryByTestId('changed-on-module')).toBeNull();
    act(() => useEditorStore.getState().noteModuleWrite('/usr/main.py', 'new\n'));
    expect(await screen.findByTestId('changed-on-module')).toHaveTextContent('main.py changed on the module');
    fireEvent.click(screen.getByTestId('changed-reload'));
    await waitFor(() => expect(screen.queryByTestId('changed-on-module')).toBeNull());
    expect(useEditorStore.getState().tabs.find((t) => t.id === id)).toMatchObject({
      text: 'new\n',
      savedText: 'new\n',
    });
  });

  it('Keep leaves the text and marks it unsaved; an unknown new text is read from the module on Reload', async () => {
    useDeviceStore.setState({ status: 'connected', connectedPath: PATH });
    const id = openMain('mine\n');
    const api = createFakeApi({
      deviceRead: ({ remote }) => ok({ remote, data: new TextEncoder().encode('theirs\n') }),
    });
    renderWithApi(<EditorPanel />, api);
    act(() => useEditorStore.getState().noteModuleWrite('/usr/main.py', 'other\n'));
    fireEvent.click(await screen.findByTestId('changed-keep'));
    expect(useEditorStore.getState().tabs.find((t) => t.id === id)).toMatchObject({
      text: 'mine\n',
      savedText: 'other\n',
    });
    expect(await screen.findByTestId('dirty-dot')).toBeInTheDocument();
    act(() => useEditorStore.getState().noteModuleWrite('/usr/main.py', null));
    fireEvent.click(await screen.findByTestId('changed-reload'));
    await waitFor(() => expect(useEditorStore.getState().tabs.find((t) => t.id === id)?.text).toBe('theirs\n'));
  });

  it('a write of the text the tab already has shows nothing', () => {
    openMain('same\n');
    useEditorStore.getState().noteModuleWrite('/usr/main.py', 'same\n');
    expect(useEditorStore.getState().tabs[0]?.changedOnModule).toBeUndefined();
  });

  it('closing a tab with unsaved edits asks in the app dialog', async () => {
    const id = openMain('a\n');
    useEditorStore.getState().setText(id, 'b\n');
    renderWithApi(<EditorPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Close tab' }));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('main.py has unsaved changes');
    fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(useEditorStore.getState().tabs).toHaveLength(0));
  });
});

describe('the Examples menu', () => {
  it('closes on Esc and on a click outside it, and stays open for clicks inside', async () => {
    renderWithApi(<EditorPanel />);
    fireEvent.click(screen.getByTestId('examples-button'));
    expect(screen.getByTestId('examples-menu')).toBeInTheDocument();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('examples-menu')).toBeNull());
    fireEvent.click(screen.getByTestId('examples-button'));
    fireEvent.pointerDown(screen.getByTestId('examples-menu'));
    expect(screen.getByTestId('examples-menu')).toBeInTheDocument();
    fireEvent.pointerDown(screen.getByTestId('editor-panel'));
    await waitFor(() => expect(screen.queryByTestId('examples-menu')).toBeNull());
  });
});
