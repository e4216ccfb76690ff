export { createSimulator, type Simulator, type SimulatorEvents } from './simulator';
export {
  SIM_FIRMWARES,
  SIM_HIDEABLE,
  SIM_MODELS,
  type NetworkTarget,
  type RawPasteSupport,
  type SimFirmware,
  type SimHideable,
  type SimModel,
  type SimulatorOptions,
} from './types';
export {
  createCompositeBinding,
  createSimBinding,
  parseSimPath,
  simPath,
  SIM_PATH_PREFIX,
  type SimBinding,
  type SimBindingOptions,
  type SimPortInfo,
  type SimPortSpec,
} from './binding';
export { startSimulatorPty, type SimulatorPty, type SimulatorPtyOptions } from './pty';
export {
  CLOUD_HOST_DOMAINS,
  createNetworkRedirect,
  isCloudHost,
  parseRedirectRule,
  parseTarget,
  type RedirectRule,
} from './network-redirect';
