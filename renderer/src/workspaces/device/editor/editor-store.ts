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
}

export const isDirty = (tab: EditorTab): boolean => tab.text !== tab.savedText;

const sameSource = (a: TabSource, b: TabSource): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'module' && b.kind === 'module') return a.remote === b.remote;
  if (a.kind === 'local' && b.kind === 'local') return a.path === b.path;
  if (a.kind === 'example' && b.kind === 'example') return a.name === b.name;
  return false;
};

export type Confirm = (message: string) => boolean;

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
            t.id === existing.id ? { ...t, text, savedText: unsaved ? t.savedText : text } : t,
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
}));

export const activeTab = (): EditorTab | undefined => {
  const { tabs, activeId } = useEditorStore.getState();
  return tabs.find((t) => t.id === activeId);
};

/** Tabs of module files with edits not yet pushed (asked about before disconnecting or switching module). */
export const unsavedModuleTabs = (): EditorTab[] =>
  useEditorStore.getState().tabs.filter((t) => t.source.kind === 'module' && isDirty(t));
