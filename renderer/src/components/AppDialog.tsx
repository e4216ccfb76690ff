import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';

interface TextRequest {
  kind: 'text';
  id: number;
  title: string;
  label: string;
  initial: string;
  /** Returns an error message for input that cannot be used, or null. */
  validate?: (value: string) => string | null;
  resolve(value: string | null): void;
}

interface ConfirmRequest {
  kind: 'confirm';
  id: number;
  title: string;
  message: string;
  /** The button that agrees, e.g. "Delete" or "Overwrite"; OK when absent. */
  confirmLabel?: string;
  danger?: boolean;
  resolve(value: boolean): void;
}

type Request = TextRequest | ConfirmRequest;

let nextId = 0;
const useDialogStore = create<{ request: Request | null }>(() => ({ request: null }));

/** A new question replaces one still open: the old one is answered as cancelled. */
const replace = (request: Request) => {
  const previous = useDialogStore.getState().request;
  if (previous?.kind === 'text') previous.resolve(null);
  else if (previous?.kind === 'confirm') previous.resolve(false);
  useDialogStore.setState({ request });
};

/** Asks for one line of text (window.prompt does not exist in Electron). Resolves null when cancelled. */
export const askText = (
  title: string,
  label: string,
  initial = '',
  validate?: TextRequest['validate'],
): Promise<string | null> =>
  new Promise((resolve) => {
    nextId += 1;
    replace({ kind: 'text', id: nextId, title, label, initial, ...(validate ? { validate } : {}), resolve });
  });

/** Asks yes or no in the app's own dialog (not the browser's confirm()). Resolves false when cancelled. */
export const askConfirm = (
  title: string,
  message: string,
  options: { confirmLabel?: string; danger?: boolean } = {},
): Promise<boolean> =>
  new Promise((resolve) => {
    nextId += 1;
    replace({ kind: 'confirm', id: nextId, title, message, ...options, resolve });
  });

/** The one dialog host of the app (mounted once in App, and by renderWithApi in component tests). */
export const AppDialog = () => {
  const request = useDialogStore((s) => s.request);
  if (!request) return null;
  return request.kind === 'text' ? (
    <PromptForm key={request.id} request={request} />
  ) : (
    <ConfirmForm key={request.id} request={request} />
  );
};

const close = () => useDialogStore.setState({ request: null });

const ConfirmForm = ({ request }: { request: ConfirmRequest }) => {
  const { t } = useTranslation();
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => okRef.current?.focus(), []);
  const finish = (value: boolean) => {
    close();
    request.resolve(value);
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && finish(false)}>
      <div
        className="dialog"
        role="alertdialog"
        aria-label={request.title}
        data-testid="confirm-dialog"
        onKeyDown={(e) => e.key === 'Escape' && finish(false)}
      >
        <h3>{request.title}</h3>
        <p className="dialog-message">{request.message}</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => finish(false)} data-testid="confirm-cancel">
            {t('actions.cancel')}
          </button>
          <button
            ref={okRef}
            type="button"
            className={`btn ${request.danger ? 'btn-danger' : 'btn-primary'}`}
            onClick={() => finish(true)}
            data-testid="confirm-ok"
          >
            {request.confirmLabel ?? t('actions.ok')}
          </button>
        </div>
      </div>
    </div>
  );
};

const PromptForm = ({ request }: { request: TextRequest }) => {
  const { t } = useTranslation();
  const [value, setValue] = useState(request.initial);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      const dot = request.initial.lastIndexOf('.');
      const slash = request.initial.lastIndexOf('/');
      inputRef.current?.setSelectionRange(slash + 1, dot > slash ? dot : request.initial.length);
    });
  }, [request]);

  const finish = (result: string | null) => {
    close();
    request.resolve(result);
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && finish(null)}>
      <form
        className="dialog"
        role="dialog"
        aria-label={request.title}
        data-testid="prompt-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = value.trim();
          const problem = request.validate?.(trimmed) ?? (trimmed ? null : request.label);
          if (problem) setError(problem);
          else finish(trimmed);
        }}
        onKeyDown={(e) => e.key === 'Escape' && finish(null)}
      >
        <h3>{request.title}</h3>
        <label className="small muted" htmlFor="prompt-input">
          {request.label}
        </label>
        <input
          id="prompt-input"
          ref={inputRef}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          spellCheck={false}
          data-testid="prompt-input"
        />
        {error ? <p className="field-error small">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => finish(null)}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="prompt-ok">
            {t('actions.ok')}
          </button>
        </div>
      </form>
    </div>
  );
};
