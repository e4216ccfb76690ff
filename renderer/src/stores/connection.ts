import { create } from 'zustand';
import type { AppInfo } from '../../../shared/api/app';
import type { ConnectionState as SocketState } from '../api/ws-client';

type BackendState = SocketState;

interface ConnectionState {
  backend: BackendState;
  info: AppInfo | null;
  setBackend(state: BackendState): void;
  setInfo(info: AppInfo): void;
}

export const useConnectionStore = create<ConnectionState>((set) => ({
  backend: 'connecting',
  info: null,
  setBackend: (backend) => set({ backend }),
  setInfo: (info) => set({ info }),
}));
