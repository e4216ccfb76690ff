import type { SerialBinding } from './binding-types';

export interface DefaultBinding extends SerialBinding {
  /** Powers off in-process simulators (so a CLI process can exit). */
  dispose(): Promise<void>;
}

/**
 * The binding the app and the CLI use: the native serial ports (@serialport/bindings-cpp), with `sim://…` paths
 * going to the in-process module simulator. Loaded lazily so merely importing the device layer costs nothing.
 */
export const createDefaultBinding = async (): Promise<DefaultBinding> => {
  const [{ autoDetect }, sim] = await Promise.all([import('@serialport/bindings-cpp'), import('../sim')]);
  const native = autoDetect() as unknown as SerialBinding;
  const simBinding = sim.createSimBinding();
  const composite = sim.createCompositeBinding(native as never, simBinding) as unknown as SerialBinding;
  return {
    list: () => composite.list(),
    open: (options) => composite.open(options),
    dispose: () => simBinding.reset(),
  };
};
