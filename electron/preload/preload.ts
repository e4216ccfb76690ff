import { contextBridge, ipcRenderer } from 'electron';
import { bindApi } from '../../shared/api/bind';

// The renderer gets named methods only (window.qpy.portsList(...)), never ipcRenderer itself.
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on('qpy:event', (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api = bindApi(
  (name, request) => ipcRenderer.invoke('qpy:call', name, request),
  (event, listener) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  },
);

contextBridge.exposeInMainWorld('qpy', api);
