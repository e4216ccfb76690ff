import { tokenFromFragment, webSocketProtocols } from '../../../shared/api/web-auth';
import type { Api } from '../../../shared/contract';
import { createWebSocketApi, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in browser mode. */
    qpy?: Api;
  }
}

const TOKEN_KEY = 'qpy.webToken';

/**
 * The browser-mode token from the address the host printed (`#token=…`). It is kept for this tab only (so a
 * reload works) and taken out of the address bar, so a screenshot or a copied address does not carry it.
 */
const takeWebToken = (): string | null => {
  const fromUrl = tokenFromFragment(location.hash);
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
};

/** The preload's Api inside Electron, else the WebSocket client to the browser-mode host that served this page. */
export const connectApi = (onState?: (state: ConnectionState) => void): Api => {
  if (window.qpy) {
    onState?.('open');
    return window.qpy;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = takeWebToken();
  return createWebSocketApi(`${scheme}://${location.host}/api`, {
    protocols: token ? webSocketProtocols(token) : [],
    ...(onState ? { onState } : {}),
    // The page loads but the socket is refused: the token is missing or from an earlier start of the host.
    hostServesPages: () =>
      fetch('/', { method: 'HEAD', cache: 'no-store' }).then(
        (res) => res.ok,
        () => false,
      ),
  });
};
