import { contextBridge, ipcRenderer } from 'electron';
import { bindApi } from '../../shared/api/bind';
import type { EventMap, EventName } from '../../shared/contract';
import { createEventListeners } from '../../shared/listener-set';

// The renderer gets named methods only (window.qpy.portsList(...)), never ipcRenderer itself.
const listeners = createEventListeners<EventMap>();

ipcRenderer.on('qpy:event', (_event, name: EventName, payload: EventMap[EventName]) => {
  listeners.emit(name, payload);
});

const api = bindApi((name, request) => ipcRenderer.invoke('qpy:call', name, request), listeners.on);

contextBridge.exposeInMainWorld('qpy', api);
