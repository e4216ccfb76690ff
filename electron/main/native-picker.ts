import { BrowserWindow, dialog } from 'electron';
import type { NativePicker } from '../handlers/local';

/** The system open/save dialog, attached to the app's window; the path the user chose becomes a grant. */
export const nativePicker: NativePicker = async ({ kind, title, defaultPath, extensions }) => {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const filters = extensions?.length
    ? [
        { name: extensions.join(', '), extensions },
        { name: '*', extensions: ['*'] },
      ]
    : [];
  if (kind === 'save') {
    const options = { title, ...(defaultPath ? { defaultPath } : {}), filters };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const options = {
    title,
    ...(defaultPath ? { defaultPath } : {}),
    filters,
    properties: [kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
};
