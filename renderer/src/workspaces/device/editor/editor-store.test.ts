import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isDirty, unsavedModuleTabs, useEditorStore } from './editor-store';

describe('editor tabs and the unsaved-changes guard', () => {
  beforeEach(() => useEditorStore.setState({ tabs: [], activeId: null }));

  it('marks a tab dirty when its text differs from what is saved, and clean after a save', () => {
    const id = useEditorStore
      .getState()
      .open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'a' });
    expect(isDirty(useEditorStore.getState().tabs[0]!)).toBe(false);
    useEditorStore.getState().setText(id, 'ab');
    expect(isDirty(useEditorStore.getState().tabs[0]!)).toBe(true);
    expect(unsavedModuleTabs().map((t) => t.title)).toEqual(['main.py']);
    useEditorStore.getState().markSaved(id, 'ab');
    expect(isDirty(useEditorStore.getState().tabs[0]!)).toBe(false);
  });

  it('asks before closing a dirty tab and keeps it when the user says no', () => {
    const id = useEditorStore.getState().open({
      title: 'a.py',
      source: { kind: 'local', path: '/p/a.py', ref: { grant: 'g', relPath: 'a.py' } },
      text: 'x',
    });
    useEditorStore.getState().setText(id, 'y');
    const no = vi.fn(() => false);
    expect(useEditorStore.getState().close(id, no, 'lose a.py?')).toBe(false);
    expect(no).toHaveBeenCalledWith('lose a.py?');
    expect(useEditorStore.getState().tabs).toHaveLength(1);
    expect(useEditorStore.getState().close(id, () => true, 'lose a.py?')).toBe(true);
    expect(useEditorStore.getState().tabs).toHaveLength(0);
    expect(useEditorStore.getState().activeId).toBeNull();
  });

  it('closes a clean tab without asking and activates its neighbour', () => {
    const store = useEditorStore.getState();
    const a = store.open({ title: 'a', source: { kind: 'example', name: 'a' }, text: '' });
    const b = store.open({ title: 'b', source: { kind: 'example', name: 'b' }, text: '' });
    const c = store.open({ title: 'c', source: { kind: 'example', name: 'c' }, text: '' });
    useEditorStore.getState().activate(b);
    const ask = vi.fn(() => false);
    expect(useEditorStore.getState().close(b, ask, '?')).toBe(true);
    expect(ask).not.toHaveBeenCalled();
    expect(useEditorStore.getState().activeId).toBe(c);
    expect(useEditorStore.getState().tabs.map((t) => t.id)).toEqual([a, c]);
  });

  it('reopening an open file focuses its tab; new content replaces unsaved edits only when confirmed', () => {
    const store = useEditorStore.getState();
    const id = store.open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'v1' });
    store.open({ title: 'other', source: { kind: 'untitled' }, text: '' });
    useEditorStore.getState().setText(id, 'my edit');
    const keep = vi.fn(() => false);
    expect(
      useEditorStore
        .getState()
        .open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'v2' }, keep, 'replace?'),
    ).toBe(id);
    expect(keep).toHaveBeenCalledWith('replace?');
    expect(useEditorStore.getState().activeId).toBe(id);
    expect(useEditorStore.getState().tabs.find((t) => t.id === id)?.text).toBe('my edit');
    useEditorStore
      .getState()
      .open(
        { title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'v2' },
        () => true,
        'replace?',
      );
    const tab = useEditorStore.getState().tabs.find((t) => t.id === id)!;
    expect([tab.text, tab.savedText]).toEqual(['v2', 'v2']);
    expect(useEditorStore.getState().tabs).toHaveLength(2);
  });

  it('opens hand-over text as unsaved, and a save-as moves the tab to its module path', () => {
    const id = useEditorStore
      .getState()
      .open({ title: 'main.py', source: { kind: 'module', remote: '/usr/main.py' }, text: 'gen', unsaved: true });
    expect(isDirty(useEditorStore.getState().tabs[0]!)).toBe(true);
    const ex = useEditorStore
      .getState()
      .open({ title: 'hello.py', source: { kind: 'example', name: 'hello.py' }, text: 'print(1)' });
    useEditorStore.getState().markSaved(ex, 'print(1)', { kind: 'module', remote: '/usr/hello.py' }, 'hello.py');
    expect(useEditorStore.getState().tabs.find((t) => t.id === ex)?.source).toEqual({
      kind: 'module',
      remote: '/usr/hello.py',
    });
    expect(id).not.toBe(ex);
  });
});
