import type { SerialBinding } from './binding-types';

/**
 * The binding the app and the CLI use: the native serial ports (@serialport/bindings-cpp), with `sim://…` paths
 * going to the in-process module simulator. Loaded lazily so merely importing the device layer costs nothing.
 */
export const createDefaultBinding = async (): Promise<SerialBinding> => {
  const { autoDetect } = await import('@serialport/bindings-cpp');
  const native = autoDetect() as unknown as SerialBinding;
  const sim = (await import('../sim').catch(() => null)) as { createCompositeBinding?: (native: SerialBinding) => SerialBinding } | null;
  return sim?.createCompositeBinding ? sim.createCompositeBinding(native) : native;
};
