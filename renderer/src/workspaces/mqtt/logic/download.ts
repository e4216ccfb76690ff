/** Saves data as a file through the browser's download (works in Electron and in browser mode). */
export const downloadBlob = (filename: string, blob: Blob): void => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const downloadText = (filename: string, text: string, type = 'text/plain'): void =>
  downloadBlob(filename, new Blob([text], { type: `${type};charset=utf-8` }));

/** "2026-11-23_14-03-07" for file names. */
export const fileStamp = (date = new Date()): string =>
  date.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');

/** Reads a file the user picked as text. */
export const readFileText = (file: File): Promise<string> =>
  typeof file.text === 'function'
    ? file.text()
    : new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error ?? new Error('read failed'));
        reader.readAsText(file);
      });
