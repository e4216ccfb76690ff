import type { Api } from '../../../shared/contract';
import { createWebSocketApi, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in browser mode. */
    qpy?: Api;
  }
}

/** The preload's Api inside Electron, else the WebSocket client to the browser-mode host that served this page. */
export const connectApi = (onState?: (state: ConnectionState) => void): Api => {
  if (window.qpy) {
    onState?.('open');
    return window.qpy;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketApi(`${scheme}://${location.host}/api`, onState);
};
