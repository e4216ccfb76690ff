/** Saves bytes as a browser download (the Electron shell shows its save dialog for the same thing). */
export const downloadBytes = (data: Uint8Array, name: string, type = 'application/octet-stream'): void => {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  const url = URL.createObjectURL(new Blob([copy.buffer], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const timestampedName = (stem: string, ext: string, date = new Date()): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${stem}-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.${ext}`;
};
