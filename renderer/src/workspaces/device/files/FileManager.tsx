import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncPlan } from '../../../../../shared/api/device';
import type { LocalRef } from '../../../../../shared/api/local';
import { useApi } from '../../../api/context';
import { useModuleFilesVersion } from '../actions';
import { useConnectedPath, useDeviceStore } from '../connection/device-store';
import { LocalPane } from './LocalPane';
import { localRef, useLocalFolder } from './local-folder-store';
import { ModulePane } from './ModulePane';
import { SyncPlanView } from './SyncPlanView';
import { TransferList } from './TransferList';
import { useTransfers } from './transfers-store';

/** Two panes: the module (/usr, /bak) over the local project folder, with transfers and project sync. */
export const FileManager = () => {
  const { t } = useTranslation('device');
  const api = useApi();
  const path = useConnectedPath();
  const [cwd, setCwd] = useState('/usr');
  const [plan, setPlan] = useState<SyncPlan | null>(null);
  const [planLocal, setPlanLocal] = useState<LocalRef | null>(null);
  const [syncing, setSyncing] = useState(false);
  const report = useDeviceStore.getState().report;

  useEffect(() => api.on('device.progress', (event) => useTransfers.getState().progress(event)), [api]);

  const makePlan = async (remoteDir: string, deleteExtra: boolean) => {
    const { grant, relPath } = useLocalFolder.getState();
    if (!path || !grant) return;
    const local = localRef(grant, relPath);
    const result = await api.deviceSyncPlan({ path, local, remoteDir, delete: deleteExtra });
    if (result.ok) setPlanLocal(local);
    if (result.ok) setPlan(result.value);
    else report(result.error);
  };

  const runSync = async () => {
    if (!path || !plan || !planLocal) return;
    setSyncing(true);
    const transfers = useTransfers.getState();
    const id = transfers.start({
      kind: 'sync',
      label: `${plan.localDir} → ${plan.remoteDir}`,
      bytesTotal: plan.bytesToSend,
      filesTotal: plan.new.length + plan.changed.length,
    });
    transfers.setOperation(id, id, '', 0, 0);
    const result = await api.deviceSync({
      path,
      local: planLocal,
      remoteDir: plan.remoteDir,
      delete: plan.deleteExtra,
      operationId: id,
    });
    setSyncing(false);
    useTransfers.getState().finish(id, result.ok ? 'done' : result.error.code === 'CANCELLED' ? 'cancelled' : 'failed');
    useModuleFilesVersion.getState().bump();
    if (!result.ok) {
      if (result.error.code !== 'CANCELLED') report(result.error);
      return;
    }
    setPlan(null);
  };

  return (
    <aside className="file-manager" aria-label={t('files.title')} data-testid="file-manager">
      <ModulePane cwd={cwd} onCwd={setCwd} onSync={(dir) => void makePlan(dir, false)} />
      <TransferList />
      <LocalPane remoteDir={cwd} />
      {plan ? (
        <div className="dialog-backdrop">
          <div className="dialog dialog-wide" role="dialog" aria-label={t('sync.title')}>
            <SyncPlanView
              plan={plan}
              running={syncing}
              onToggleDelete={(deleteExtra) => void makePlan(plan.remoteDir, deleteExtra)}
              onRun={() => void runSync()}
              onCancel={() => setPlan(null)}
            />
          </div>
        </div>
      ) : null}
    </aside>
  );
};
