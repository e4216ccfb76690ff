import type * as Zustand from 'zustand';

/** Every store created in a test file, with the state it started with; setup.ts puts them all back after each test. */
const resets = new Set<() => void>();

export const resetAllStores = (): void => {
  for (const reset of resets) reset();
};

/** zustand's `create`, recording each store's initial state (the pattern zustand's testing guide gives). */
export const recordingCreate = (actual: typeof Zustand): typeof Zustand.create => {
  const make = <T>(creator: Zustand.StateCreator<T, [], []>) => {
    const store = actual.create<T>()(creator);
    const initial = store.getInitialState();
    resets.add(() => store.setState(initial, true));
    return store;
  };
  return (<T>(creator?: Zustand.StateCreator<T, [], []>) =>
    creator ? make(creator) : make) as unknown as typeof Zustand.create;
};
