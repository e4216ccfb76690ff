export { createSimulator, type Simulator, type SimulatorEvents } from './simulator';
export {
  SIM_FIRMWARES,
  SIM_MODELS,
  type NetworkTarget,
  type RawPasteSupport,
  type SimFirmware,
  type SimModel,
  type SimulatorOptions,
} from './types';
