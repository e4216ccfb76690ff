/** A file chosen or dropped for upload, with its path relative to what was chosen ('proj/lib/util.py'). */
export interface PickedFile {
  relPath: string;
  file: File;
}

/** From <input type=file multiple> or <input webkitdirectory>: folders give each file a webkitRelativePath. */
export const filesFromInput = (list: FileList | readonly File[]): PickedFile[] =>
  Array.from(list).map((file) => ({ relPath: file.webkitRelativePath || file.name, file }));

const readAllEntries = async (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> => {
  const all: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries per call; keep reading until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
};

const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;

const walk = async (entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> => {
  const relPath = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ relPath, file });
  } else if (isDirectory(entry)) {
    for (const child of await readAllEntries(entry.createReader())) await walk(child, relPath, out);
  }
};

/**
 * Files and whole folders dropped from the desktop. The entries must be taken synchronously inside the drop event
 * (the DataTransfer is emptied afterwards), so call this from the handler before awaiting anything.
 */
export const filesFromDrop = (transfer: DataTransfer): Promise<PickedFile[]> => {
  const entries: FileSystemEntry[] = [];
  const plain: File[] = [];
  for (const item of Array.from(transfer.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) plain.push(file);
    }
  }
  if (entries.length === 0 && plain.length === 0) plain.push(...Array.from(transfer.files ?? []));
  return (async () => {
    const out: PickedFile[] = plain.map((file) => ({ relPath: file.name, file }));
    for (const entry of entries) await walk(entry, '', out);
    return out;
  })();
};

/** Module folders to create (parents first) so every picked file has its folder under `remoteDir`. */
export const foldersToCreate = (remoteDir: string, files: readonly { relPath: string }[]): string[] => {
  const base = remoteDir.replace(/\/+$/, '');
  const dirs = new Set<string>();
  for (const { relPath } of files) {
    const parts = relPath.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i += 1) dirs.add(`${base}/${parts.slice(0, i).join('/')}`);
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
};
