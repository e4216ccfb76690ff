import type { SerialBinding } from './binding-types';

export interface DefaultBinding extends SerialBinding {
  /** Powers off in-process simulators (so a CLI process can exit). */
  dispose(): Promise<void>;
}

const SIM_PREFIX = 'sim://';

/** One binding over the machine's serial ports and the simulator's: `sim://…` paths go to the simulator. */
export const joinBindings = (native: SerialBinding, sim: SerialBinding): SerialBinding => ({
  list: async () => {
    const [real, simulated] = await Promise.all([native.list(), sim.list()]);
    return [...real, ...simulated];
  },
  open: (options) => (options.path.toLowerCase().startsWith(SIM_PREFIX) ? sim : native).open(options),
});

/**
 * The binding the app and the CLI use: the native serial ports (@serialport/bindings-cpp) joined with the
 * in-process module simulator. Loaded lazily so merely importing the device layer costs nothing.
 */
export const createDefaultBinding = async (): Promise<DefaultBinding> => {
  const [{ autoDetect }, sim] = await Promise.all([import('@serialport/bindings-cpp'), import('../sim')]);
  const simBinding = sim.createSimBinding();
  const joined = joinBindings(autoDetect(), simBinding);
  return { ...joined, dispose: () => simBinding.reset() };
};
