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
 * in-process module simulator. Each side loads when first used, so a command on a real port never loads the
 * simulator and one on sim:// never loads the native addon.
 */
export const createDefaultBinding = async (): Promise<DefaultBinding> => {
  let native: Promise<SerialBinding> | undefined;
  let sim: Promise<SerialBinding & { reset(): Promise<void> }> | undefined;
  const nativeBinding = (): Promise<SerialBinding> =>
    (native ??= import('./native-binding').then((m) => m.nativeSerialBinding()));
  const simBinding = () => (sim ??= import('../sim').then((m) => m.createSimBinding()));
  const joined = joinBindings(
    { list: async () => (await nativeBinding()).list(), open: async (o) => (await nativeBinding()).open(o) },
    { list: async () => (await simBinding()).list(), open: async (o) => (await simBinding()).open(o) },
  );
  return {
    ...joined,
    dispose: async () => {
      await (await sim)?.reset();
    },
  };
};
