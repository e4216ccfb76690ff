import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';

interface PromptRequest {
  id: number;
  title: string;
  label: string;
  initial: string;
  /** Returns an error message for input that cannot be used, or null. */
  validate?: (value: string) => string | null;
  resolve(value: string | null): void;
}

let nextId = 0;
const usePromptStore = create<{ request: PromptRequest | null }>(() => ({ request: null }));

/** Asks for one line of text (window.prompt does not exist in Electron). Resolves null when cancelled. */
export const askText = (
  title: string,
  label: string,
  initial = '',
  validate?: PromptRequest['validate'],
): Promise<string | null> =>
  new Promise((resolve) => {
    usePromptStore.getState().request?.resolve(null);
    nextId += 1;
    usePromptStore.setState({
      request: { id: nextId, title, label, initial, ...(validate ? { validate } : {}), resolve },
    });
  });

export const PromptDialog = () => {
  const request = usePromptStore((s) => s.request);
  return request ? <PromptForm key={request.id} request={request} /> : null;
};

const PromptForm = ({ request }: { request: PromptRequest }) => {
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
    usePromptStore.setState({ request: null });
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
            OK
          </button>
        </div>
      </form>
    </div>
  );
};
