import { create } from 'zustand';
import type { LocalRef } from '../../../../../shared/api/local';

export type TabSource =
  | { kind: 'module'; remote: string }
  /** `path` is for display; the file is reached through `ref` (a grant from the user's pick). */
  | { kind: 'local'; path: string; ref: LocalRef }
  | { kind: 'example'; name: string }
  | { kind: 'untitled' };

export interface EditorTab {
  id: string;
  title: string;
  source: TabSource;
  /** What is saved where the file lives (the module, the local disk); the editor's text is `text`. */
  savedText: string;
  text: string;
  /** The module's copy changed after the tab opened (a push from elsewhere): its new text, or null when unknown. */
  changedOnModule?: { text: string | null };
}

export const isDirty = (tab: EditorTab): boolean => tab.text !== tab.savedText;

const sameSource = (a: TabSource, b: TabSource): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'module' && b.kind === 'module') return a.remote === b.remote;
  if (a.kind === 'local' && b.kind === 'local') return a.path === b.path;
  if (a.kind === 'example' && b.kind === 'example') return a.name === b.name;
  return false;
};

const withoutNotice = (tab: EditorTab): EditorTab => {
  const copy = { ...tab };
  delete copy.changedOnModule;
  return copy;
};

type Confirm = (message: string) => boolean;

interface EditorStore {
  tabs: EditorTab[];
  activeId: string | null;
  /**
   * Opens a file in a tab, or focuses the tab that already shows it. `unsaved` marks text that is not yet where it
   * belongs (e.g. a generated script for the module). When the open tab has unsaved edits and the file's content
   * changed, `confirm` decides whether to replace them.
   */
  open(
    file: { title: string; source: TabSource; text: string; unsaved?: boolean },
    confirm?: Confirm,
    message?: string,
  ): string;
  activate(id: string): void;
  setText(id: string, text: string): void;
  /** After a save: the text now saved, and where (a "save as" moves the tab). */
  markSaved(id: string, text: string, source?: TabSource, title?: string): void;
  /** Closes a tab; a tab with unsaved changes closes only when `confirm` agrees. Returns whether it closed. */
  close(id: string, confirm: Confirm, message: string): boolean;
  /** Something other than this tab wrote `remote` on the module (`text` when known): mark the tabs showing it. */
  noteModuleWrite(remote: string, text: string | null): void;
  /** Answers the "changed on module" notice: take the module's text (`reload`), or keep the tab's. */
  resolveChanged(id: string, choice: { reload: string } | 'keep'): void;
}

let counter = 0;

export const useEditorStore = create<EditorStore>((set, get) => ({
  tabs: [],
  activeId: null,
  open: ({ title, source, text, unsaved = false }, confirm, message) => {
    const existing = source.kind === 'untitled' ? undefined : get().tabs.find((t) => sameSource(t.source, source));
    if (existing) {
      const replace = existing.text === text || !isDirty(existing) || (confirm && message ? confirm(message) : false);
      if (replace) {
        set({
          tabs: get().tabs.map((t) =>
            t.id === existing.id ? { ...withoutNotice(t), text, savedText: unsaved ? t.savedText : text } : t,
          ),
          activeId: existing.id,
        });
      } else set({ activeId: existing.id });
      return existing.id;
    }
    counter += 1;
    const id = `tab-${counter}`;
    set({ tabs: [...get().tabs, { id, title, source, text, savedText: unsaved ? '' : text }], activeId: id });
    return id;
  },
  activate: (id) => set({ activeId: id }),
  setText: (id, text) => set({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, text } : t)) }),
  markSaved: (id, text, source, title) =>
    set({
      tabs: get().tabs.map((t) =>
        t.id === id ? { ...t, savedText: text, ...(source ? { source } : {}), ...(title ? { title } : {}) } : t,
      ),
    }),
  close: (id, confirm, message) => {
    const { tabs, activeId } = get();
    const index = tabs.findIndex((t) => t.id === id);
    const tab = tabs[index];
    if (!tab) return true;
    if (isDirty(tab) && !confirm(message)) return false;
    const rest = tabs.filter((t) => t.id !== id);
    const nextActive = activeId === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : activeId;
    set({ tabs: rest, activeId: nextActive });
    return true;
  },
  noteModuleWrite: (remote, text) =>
    set({
      tabs: get().tabs.map((t) => {
        if (t.source.kind !== 'module' || t.source.remote !== remote) return t;
        if (text !== null && text === t.savedText) return t;
        return { ...t, changedOnModule: { text } };
      }),
    }),
  resolveChanged: (id, choice) =>
    set({
      tabs: get().tabs.map((t) => {
        const changedOnModule = t.changedOnModule;
        if (t.id !== id || !changedOnModule) return t;
        const rest = withoutNotice(t);
        if (choice !== 'keep') return { ...rest, text: choice.reload, savedText: choice.reload };
        // Keeping our text: the module holds other text now, so the tab is unsaved until it is saved again.
        return changedOnModule.text === null ? rest : { ...rest, savedText: changedOnModule.text };
      }),
    }),
}));

export const activeTab = (): EditorTab | undefined => {
  const { tabs, activeId } = useEditorStore.getState();
  return tabs.find((t) => t.id === activeId);
};

/** Tabs of module files with edits not yet pushed (asked about before disconnecting or switching module). */
export const unsavedModuleTabs = (): EditorTab[] =>
  useEditorStore.getState().tabs.filter((t) => t.source.kind === 'module' && isDirty(t));
