type Listener = (...args: never[]) => void;

/** The listeners of one event: `add` returns the function that removes that listener again. */
interface ListenerSet<L extends Listener> {
  add(listener: L): () => void;
  emit(...args: Parameters<L>): void;
  readonly size: number;
}

export const createListenerSet = <L extends Listener>(): ListenerSet<L> => {
  const listeners = new Set<L>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(...args) {
      for (const listener of listeners) (listener as (...a: Parameters<L>) => void)(...args);
    },
    get size() {
      return listeners.size;
    },
  };
};

/** One ListenerSet per event of an event map (the contract's EventMap, DeviceEvents), each typed by its payload. */
interface EventListeners<M> {
  on<E extends keyof M>(event: E, listener: (payload: M[E]) => void): () => void;
  emit<E extends keyof M>(event: E, payload: M[E]): void;
}

export const createEventListeners = <M>(): EventListeners<M> => {
  const byEvent = new Map<keyof M, ListenerSet<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = byEvent.get(event);
      if (!set) byEvent.set(event, (set = createListenerSet()));
      return set.add(listener);
    },
    emit(event, payload) {
      const set = byEvent.get(event) as ListenerSet<(payload: M[typeof event]) => void> | undefined;
      set?.emit(payload);
    },
  };
};
