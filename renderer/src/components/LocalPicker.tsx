import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { LocalGrant, LocalPickKind, PickListing } from '../../../shared/api/local';
import type { CallRequest, Api } from '../../../shared/contract';
import type { ApiError } from '../../../shared/result';
import { ErrorBanner } from './ErrorBanner';

interface PendingPick {
  api: Api;
  pick: string;
  kind: LocalPickKind;
  title: string;
  suggestedName: string;
  listing: PickListing;
  resolve(grant: LocalGrant | null): void;
}

const usePickStore = create<{ pending: PendingPick | null }>(() => ({ pending: null }));

type PickOutcome = { grant: LocalGrant } | { cancelled: true } | { error: ApiError };

/**
 * Lets the user choose a folder or file on this computer: the system dialog in the desktop app, this app's own
 * picker in browser mode (the backend shows folders only while the picker is open). The result is a grant.
 */
export const pickLocal = async (api: Api, request: CallRequest<'localPick'>): Promise<PickOutcome> => {
  const started = await api.localPick(request);
  if (!started.ok) return { error: started.error };
  const value = started.value;
  if (value.state === 'granted') return { grant: value.grant };
  if (value.state === 'cancelled') return { cancelled: true };
  const grant = await new Promise<LocalGrant | null>((resolve) => {
    usePickStore.getState().pending?.resolve(null);
    usePickStore.setState({
      pending: {
        api,
        pick: value.pick,
        kind: value.kind,
        title: request.purpose,
        suggestedName: request.suggestedName ?? '',
        listing: value.listing,
        resolve,
      },
    });
  });
  return grant ? { grant } : { cancelled: true };
};

/** Browser mode's picker; mounted once by the app. */
export const LocalPickerDialog = () => {
  const pending = usePickStore((s) => s.pending);
  return pending ? <PickerForm key={pending.pick} pending={pending} /> : null;
};

const PickerForm = ({ pending }: { pending: PendingPick }) => {
  const { t } = useTranslation();
  const [listing, setListing] = useState(pending.listing);
  const [typed, setTyped] = useState(pending.listing.dir);
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState(pending.suggestedName);
  const [error, setError] = useState<ApiError | null>(null);
  const { api, pick, kind } = pending;

  const finish = (grant: LocalGrant | null) => {
    usePickStore.setState({ pending: null });
    pending.resolve(grant);
  };
  const cancel = () => {
    void api.localPickChoose({ pick, path: null });
    finish(null);
  };
  const browse = async (dir: string) => {
    const result = await api.localPickBrowse({ pick, dir });
    if (!result.ok) return setError(result.error);
    setError(null);
    setListing(result.value);
    setTyped(result.value.dir);
    setSelected(null);
  };
  const choose = async (path: string) => {
    const result = await api.localPickChoose({ pick, path, ...(kind === 'save' ? { name: name.trim() } : {}) });
    if (!result.ok) return setError(result.error);
    finish(result.value.state === 'granted' ? result.value.grant : null);
  };

  const chosenPath = kind === 'file' ? selected : listing.dir;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <div
        className="dialog dialog-wide local-picker"
        role="dialog"
        aria-label={pending.title}
        data-testid="local-picker"
        onKeyDown={(e) => e.key === 'Escape' && cancel()}
      >
        <h3>{pending.title}</h3>
        <p className="small muted">{t(`picker.hint.${kind}`)}</p>
        <form
          className="path-bar"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed.trim()) void browse(typed.trim());
          }}
        >
          <button
            type="button"
            className="btn btn-sm"
            disabled={!listing.parent}
            onClick={() => listing.parent && void browse(listing.parent)}
            aria-label={t('picker.up')}
            title={t('picker.up')}
          >
            ↰
          </button>
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            spellCheck={false}
            className="mono"
            data-testid="local-picker-path"
            aria-label={t('picker.folder')}
          />
        </form>
        {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
        <ul className="file-list local-picker-list" data-testid="local-picker-list" data-dir={listing.dir}>
          {listing.entries.length === 0 ? <li className="muted small">{t('picker.empty')}</li> : null}
          {listing.entries.map((entry) => (
            <li
              key={entry.path}
              className={`file-row${selected === entry.path ? ' selected' : ''}`}
              data-testid="local-picker-entry"
              data-name={entry.name}
              onClick={() => (entry.type === 'file' ? setSelected(entry.path) : setSelected(null))}
              onDoubleClick={() => (entry.type === 'dir' ? void browse(entry.path) : void choose(entry.path))}
            >
              <span className={`file-icon file-icon-${entry.type}`} aria-hidden>
                {entry.type === 'dir' ? '▸' : '·'}
              </span>
              <span className="file-name" translate="no">
                {entry.name}
              </span>
            </li>
          ))}
        </ul>
        {kind === 'save' ? (
          <label className="small">
            {t('picker.name')}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              spellCheck={false}
              data-testid="local-picker-name"
            />
          </label>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={cancel} data-testid="local-picker-cancel">
            {t('actions.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!chosenPath || (kind === 'save' && !name.trim())}
            onClick={() => chosenPath && void choose(chosenPath)}
            data-testid="local-picker-choose"
          >
            {t(`picker.choose.${kind}`)}
          </button>
        </div>
      </div>
    </div>
  );
};
