import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { i18next } from '../i18n';

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

interface Choice<T extends string> {
  value: T;
  label: string;
  danger?: boolean;
}

interface ChoiceRequest {
  kind: 'choice';
  id: number;
  title: string;
  message: string;
  /** The answers besides Cancel, in button order; the last one is focused. Button test ids: confirm-<value>. */
  choices: Array<Choice<string>>;
  resolve(value: string | null): void;
}

type Request = TextRequest | ChoiceRequest;

let nextId = 0;
const useDialogStore = create<{ request: Request | null }>(() => ({ request: null }));

/** A new question replaces one still open: the old one is answered as cancelled. */
const replace = (request: Request) => {
  const previous = useDialogStore.getState().request;
  previous?.resolve(null);
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

/** Asks the user to pick one answer (or Cancel) in the app's own dialog. Resolves null when cancelled. */
export const askChoice = <T extends string>(
  title: string,
  message: string,
  choices: Array<Choice<T>>,
): Promise<T | null> =>
  new Promise((resolve) => {
    nextId += 1;
    replace({ kind: 'choice', id: nextId, title, message, choices, resolve: (value) => resolve(value as T | null) });
  });

/** Asks yes or no in the app's own dialog (not the browser's confirm()). Resolves false when cancelled. */
export const askConfirm = async (
  title: string,
  message: string,
  /** confirmLabel: the button that agrees, e.g. "Delete" or "Overwrite"; OK when absent. */
  options: { confirmLabel?: string; danger?: boolean } = {},
): Promise<boolean> => {
  const label = options.confirmLabel ?? i18next.t('actions.ok');
  return (await askChoice(title, message, [{ value: 'ok', label, danger: options.danger ?? false }])) === 'ok';
};

/** The one dialog host of the app (mounted once in App, and by renderWithApi in component tests). */
export const AppDialog = () => {
  const request = useDialogStore((s) => s.request);
  if (!request) return null;
  return request.kind === 'text' ? (
    <PromptForm key={request.id} request={request} />
  ) : (
    <ChoiceForm key={request.id} request={request} />
  );
};

const close = () => useDialogStore.setState({ request: null });

const ChoiceForm = ({ request }: { request: ChoiceRequest }) => {
  const { t } = useTranslation();
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => okRef.current?.focus(), []);
  const finish = (value: string | null) => {
    close();
    request.resolve(value);
  };
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && finish(null)}>
      <div
        className="dialog"
        role="alertdialog"
        aria-label={request.title}
        data-testid="confirm-dialog"
        onKeyDown={(e) => e.key === 'Escape' && finish(null)}
      >
        <h3>{request.title}</h3>
        <p className="dialog-message">{request.message}</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => finish(null)} data-testid="confirm-cancel">
            {t('actions.cancel')}
          </button>
          {request.choices.map((choice, index) => {
            const last = index === request.choices.length - 1;
            return (
              <button
                key={choice.value}
                ref={last ? okRef : undefined}
                type="button"
                className={`btn ${choice.danger ? 'btn-danger' : last ? 'btn-primary' : ''}`}
                onClick={() => finish(choice.value)}
                data-testid={`confirm-${choice.value}`}
              >
                {choice.label}
              </button>
            );
          })}
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
