import type { EventMap, EventName } from '../../shared/contract';
import { createListenerSet } from '../../shared/listener-set';
import type { EmitEvent } from '../ipc/types';

type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/** Fans backend events out to every connected front door (Electron window, WebSocket clients, tests). */
export const createEventHub = () => {
  const listeners = createListenerSet<EventListener>();
  const emit: EmitEvent = (event, payload) => listeners.emit(event, payload);
  return {
    emit,
    subscribe: (listener: EventListener): (() => void) => listeners.add(listener),
    get listenerCount() {
      return listeners.size;
    },
  };
};

export type EventHub = ReturnType<typeof createEventHub>;
