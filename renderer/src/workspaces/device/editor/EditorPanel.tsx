import type { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/context';
import { askConfirm } from '../../../components/AppDialog';
import { reloadChangedTab, runTab, saveTab, saveTabAs } from '../actions';
import { useConnectedPath } from '../connection/device-store';
import { createEditorState } from './codemirror-setup';
import { isDirty, useEditorStore } from './editor-store';
import { EXAMPLES } from './examples';

/** Editor tabs over one CodeMirror view; each tab keeps its own state (undo history, selection). */
export const EditorPanel = () => {
  const { t, i18n } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const tabs = useEditorStore((s) => s.tabs);
  const activeId = useEditorStore((s) => s.activeId);
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const shownId = useRef<string | null>(null);
  const [examplesOpen, setExamplesOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const examplesRef = useRef<HTMLDivElement>(null);
  // The Examples menu closes on Esc and on a click anywhere outside it.
  useEffect(() => {
    if (!examplesOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!examplesRef.current?.contains(event.target as Node)) setExamplesOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setExamplesOpen(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [examplesOpen]);

  const activeRef = useRef(activeId);
  activeRef.current = activeId;

  const withActive = (job: (id: string) => Promise<unknown>) => async () => {
    const id = activeRef.current;
    if (!id || busy) return;
    setBusy(true);
    try {
      await job(id);
    } finally {
      setBusy(false);
    }
  };
  const currentTab = (id: string) => useEditorStore.getState().tabs.find((tab) => tab.id === id);
  const save = withActive(async (id) => {
    const tab = currentTab(id);
    if (tab) await saveTab(api, tab);
  });
  const saveAs = withActive(async (id) => {
    const tab = currentTab(id);
    if (tab) await saveTabAs(api, tab);
  });
  const run = withActive(async (id) => {
    const tab = currentTab(id);
    if (tab) await runTab(api, tab);
  });
  const closeTab = async (id: string) => {
    const tab = currentTab(id);
    if (!tab) return;
    const message = t('editor.confirmClose', { name: tab.title });
    const agreed =
      !isDirty(tab) ||
      (await askConfirm(t('dialog.closeTitle'), message, { confirmLabel: t('dialog.discard'), danger: true }));
    if (agreed) useEditorStore.getState().close(id, () => true, message);
  };
  const hooks = useRef({ save, run });
  hooks.current = { save, run };

  const stateFor = (id: string, text: string): EditorState => {
    let state = states.current.get(id);
    if (!state) {
      state = createEditorState(text, {
        onChange: (next) => useEditorStore.getState().setText(id, next),
        onSave: () => void hooks.current.save(),
        onRun: () => void hooks.current.run(),
      });
      states.current.set(id, state);
    }
    return state;
  };

  // Show the active tab; keep the outgoing tab's state so switching never loses edits or undo history.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    if (!viewRef.current) viewRef.current = new EditorView({ parent: host });
    const view = viewRef.current;
    const tab = tabs.find((x) => x.id === activeId);
    if (shownId.current && shownId.current !== tab?.id && states.current.has(shownId.current)) {
      states.current.set(shownId.current, view.state);
    }
    if (!tab) {
      shownId.current = null;
      return;
    }
    if (shownId.current === tab.id) {
      // The store's text changed from outside (file reopened, hand-off): start again from it.
      if (view.state.doc.toString() !== tab.text) {
        states.current.delete(tab.id);
        view.setState(stateFor(tab.id, tab.text));
      }
      return;
    }
    let state = stateFor(tab.id, tab.text);
    if (state.doc.toString() !== tab.text) {
      states.current.delete(tab.id);
      state = stateFor(tab.id, tab.text);
    }
    view.setState(state);
    shownId.current = tab.id;
  });

  useEffect(() => {
    const ids = new Set(tabs.map((x) => x.id));
    for (const id of states.current.keys()) if (!ids.has(id)) states.current.delete(id);
  }, [tabs]);

  useEffect(
    () => () => {
      viewRef.current?.destroy();
      viewRef.current = null;
      shownId.current = null;
    },
    [],
  );

  // Unsaved edits survive a tab switch, but not closing the window.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (useEditorStore.getState().tabs.some(isDirty)) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const active = tabs.find((x) => x.id === activeId);
  const language = i18n.language.startsWith('zh') ? 'zh' : 'en';

  return (
    <section className="editor-panel" data-testid="editor-panel">
      <div className="editor-bar">
        <div className="editor-tabs" role="tablist">
          {tabs.map((tab) => (
            <div
              key={tab.id}
              className={`editor-tab${tab.id === activeId ? ' active' : ''}`}
              role="tab"
              aria-selected={tab.id === activeId}
              data-testid="editor-tab"
              data-title={tab.title}
            >
              <button
                type="button"
                className="editor-tab-label"
                onClick={() => useEditorStore.getState().activate(tab.id)}
                title={
                  tab.source.kind === 'module'
                    ? tab.source.remote
                    : tab.source.kind === 'local'
                      ? tab.source.path
                      : tab.title
                }
              >
                <span className={`tab-kind tab-kind-${tab.source.kind}`}>{t(`editor.kind.${tab.source.kind}`)}</span>
                {tab.title}
              </button>
              {isDirty(tab) ? <span className="dirty-dot" title={t('editor.unsaved')} data-testid="dirty-dot" /> : null}
              <button
                type="button"
                className="tab-close"
                aria-label={t('editor.close')}
                onClick={() => void closeTab(tab.id)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
        <div className="editor-actions">
          <button
            type="button"
            className="btn btn-sm"
            onClick={() =>
              useEditorStore
                .getState()
                .open({ title: 'untitled.py', source: { kind: 'untitled' }, text: '', unsaved: true })
            }
            data-testid="editor-new"
          >
            {t('editor.new')}
          </button>
          <div className="menu-anchor" ref={examplesRef}>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setExamplesOpen((v) => !v)}
              aria-expanded={examplesOpen}
              data-testid="examples-button"
            >
              {t('editor.examples')} ▾
            </button>
            {examplesOpen ? (
              <ul className="menu" role="menu" data-testid="examples-menu">
                {EXAMPLES.map((example) => (
                  <li key={example.name}>
                    <button
                      type="button"
                      role="menuitem"
                      data-testid={`example-${example.name}`}
                      onClick={() => {
                        setExamplesOpen(false);
                        useEditorStore.getState().open({
                          title: example.name,
                          source: { kind: 'example', name: example.name },
                          text: example.code,
                        });
                      }}
                    >
                      <span className="mono">{example.name}</span>
                      <span className="muted small">{example.title[language]}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <button
            type="button"
            className="btn btn-sm"
            disabled={!active || busy}
            onClick={() => void save()}
            data-testid="editor-save"
            title={t('editor.saveHint')}
          >
            {active?.source.kind === 'local' ? t('editor.saveLocal') : t('editor.save')}
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={!active || !path || busy}
            onClick={() => void saveAs()}
            data-testid="editor-save-as"
          >
            {t('editor.saveAs')}
          </button>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={!active || !path || busy}
            onClick={() => void run()}
            data-testid="editor-run"
            title={t('editor.runHint')}
          >
            ▶ {t('editor.run')}
          </button>
        </div>
      </div>
      {active?.changedOnModule ? (
        <div className="editor-changed" role="status" data-testid="changed-on-module">
          <span>{t(isDirty(active) ? 'changed.noticeDirty' : 'changed.notice', { name: active.title })}</span>
          <button
            type="button"
            className="btn btn-xs btn-primary"
            onClick={() => void reloadChangedTab(api, active)}
            data-testid="changed-reload"
          >
            {t('changed.reload')}
          </button>
          <button
            type="button"
            className="btn btn-xs"
            onClick={() => useEditorStore.getState().resolveChanged(active.id, 'keep')}
            data-testid="changed-keep"
          >
            {t('changed.keep')}
          </button>
        </div>
      ) : null}
      <div className="editor-host" ref={hostRef} data-testid="editor" hidden={!active} />
      {!active ? (
        <div className="editor-empty">
          <p>{t('editor.empty')}</p>
          <p className="muted small">{t('editor.emptyHint')}</p>
        </div>
      ) : null}
    </section>
  );
};
