import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncItem, SyncPlan } from '../../../../../shared/api/device';
import { formatBytes } from '../format';

const GROUPS = ['new', 'changed', 'unchanged', 'toDelete'] as const;
type Group = (typeof GROUPS)[number];

interface SyncPlanViewProps {
  plan: SyncPlan;
  /** Re-plans with or without deleting files that are only on the module. */
  onToggleDelete(deleteExtra: boolean): void;
  onRun(): void;
  onCancel(): void;
  running?: boolean;
}

/** What a sync would do, before it does it: new, changed, unchanged and (optionally) deleted files. */
export const SyncPlanView = ({ plan, onToggleDelete, onRun, onCancel, running = false }: SyncPlanViewProps) => {
  const { t } = useTranslation('device');
  const [open, setOpen] = useState<Group | null>(plan.new.length ? 'new' : plan.changed.length ? 'changed' : null);
  const items: Record<Group, SyncItem[]> = {
    new: plan.new,
    changed: plan.changed,
    unchanged: plan.unchanged,
    toDelete: plan.toDelete,
  };
  const work =
    plan.new.length + plan.changed.length + (plan.deleteExtra ? plan.toDelete.length : 0) + plan.mkdirs.length;
  return (
    <div className="sync-plan" data-testid="sync-plan">
      <header>
        <h3>{t('sync.title')}</h3>
        <p className="small muted mono">
          {plan.localDir} → {plan.remoteDir}
        </p>
      </header>
      <div className="sync-counts">
        {GROUPS.map((group) => (
          <button
            key={group}
            type="button"
            className={`sync-count sync-${group}${open === group ? ' open' : ''}${group === 'toDelete' && !plan.deleteExtra ? ' inactive' : ''}`}
            onClick={() => setOpen(open === group ? null : group)}
            data-testid={`sync-count-${group}`}
          >
            <strong>{items[group].length}</strong>
            <span>{t(`sync.${group}`)}</span>
          </button>
        ))}
      </div>
      {open ? (
        <ul className="sync-items" data-testid="sync-items">
          {items[open].length === 0 ? <li className="muted small">{t('sync.none')}</li> : null}
          {items[open].map((item) => (
            <li key={item.relPath}>
              <span className="mono">{item.relPath}</span>
              <span className="muted small">{formatBytes(item.size)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <label className="toggle small">
        <input
          type="checkbox"
          checked={plan.deleteExtra}
          onChange={(e) => onToggleDelete(e.target.checked)}
          disabled={running}
          data-testid="sync-delete"
        />
        {t('sync.deleteExtra', { count: plan.toDelete.length })}
      </label>
      <p className="small">
        {work === 0
          ? t('sync.upToDate')
          : t('sync.summary', { files: plan.new.length + plan.changed.length, size: formatBytes(plan.bytesToSend) })}
      </p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('sync.close')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={onRun}
          disabled={running || work === 0}
          data-testid="sync-run"
        >
          {running ? t('sync.running') : t('sync.run')}
        </button>
      </div>
    </div>
  );
};
