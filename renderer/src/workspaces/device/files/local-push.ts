import type { LocalEntry, LocalGrant } from '../../../../../shared/api/local';
import type { Api } from '../../../../../shared/contract';
import type { ApiError } from '../../../../../shared/result';
import { useDeviceStore } from '../connection/device-store';
import { localRef } from './local-folder-store';
import { uploadBatch, type UploadItem, type UploadOutcome } from './upload-batch';

/** What the local pane hands to a push or a drag: entries of one listed folder of the grant. */
export type LocalSelection = Pick<LocalEntry, 'name' | 'relPath' | 'type' | 'size'>[];

/** The drag from the local pane to the module pane carries the grant and the dragged entries as this type. */
export const LOCAL_DRAG_TYPE = 'application/x-qpy-local-entries';

export interface LocalDrag {
  grant: string;
  entries: LocalSelection;
}

const isSelectionEntry = (raw: unknown): raw is LocalSelection[number] => {
  const e = raw as Partial<LocalSelection[number]> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.name === 'string' &&
    typeof e.relPath === 'string' &&
    (e.type === 'file' || e.type === 'dir') &&
    typeof e.size === 'number'
  );
};

/** The local pane's drag payload, or null for anything else dropped (another page's data, a broken payload). */
export const parseLocalDrag = (text: string): LocalDrag | null => {
  try {
    const raw = JSON.parse(text) as Partial<LocalDrag> | null;
    if (!raw || typeof raw.grant !== 'string' || !Array.isArray(raw.entries)) return null;
    return raw.entries.every(isSelectionEntry) ? { grant: raw.grant, entries: raw.entries } : null;
  } catch {
    return null;
  }
};

/**
 * Every file under the selected entries, named relative to the folder they were selected in. Hidden entries inside
 * selected folders (.git, .vscode …) are left out unless the pane shows hidden files.
 */
const collectLocal = async (
  api: Api,
  grant: LocalGrant,
  selection: LocalSelection,
  includeHidden: boolean,
): Promise<{ ok: true; value: UploadItem[] } | { ok: false; error: ApiError }> => {
  const items: UploadItem[] = [];
  const walk = async (entry: LocalSelection[number], prefix: string): Promise<ApiError | null> => {
    const relPath = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.type === 'file') {
      items.push({ relPath, size: entry.size, source: { local: localRef(grant, entry.relPath) } });
      return null;
    }
    const listed = await api.localList(localRef(grant, entry.relPath));
    if (!listed.ok) return listed.error;
    for (const child of listed.value.entries) {
      if (!includeHidden && child.name.startsWith('.')) continue;
      const failed = await walk(child, relPath);
      if (failed) return failed;
    }
    return null;
  };
  for (const entry of selection) {
    const failed = await walk(entry, '');
    if (failed) return { ok: false, error: failed };
  }
  return { ok: true, value: items };
};

/** Pushes local files and folders into `remoteDir`, the same way as an upload (space, overwrite, progress). */
export const pushLocalSelection = async (
  api: Api,
  path: string,
  grant: LocalGrant,
  selection: LocalSelection,
  remoteDir: string,
  includeHidden: boolean,
): Promise<UploadOutcome> => {
  const collected = await collectLocal(api, grant, selection, includeHidden);
  if (!collected.ok) {
    useDeviceStore.getState().report(collected.error);
    return { uploaded: 0, state: 'failed' };
  }
  return uploadBatch(api, path, remoteDir, collected.value);
};
