export { createSimulator, type Simulator } from './simulator';
export {
  SIM_FIRMWARES,
  SIM_MODELS,
  type NetworkTarget,
  type RawPasteSupport,
  type SimFirmware,
  type SimHideable,
  type SimModel,
  type SimulatorOptions,
} from './types';
export { createCompositeBinding, createSimBinding, type SimBinding } from './binding';
export { startSimulatorPty, type SimulatorPty, type SimulatorPtyOptions } from './pty';
export {
  CLOUD_HOST_DOMAINS,
  createNetworkRedirect,
  isCloudHost,
  parseRedirectRule,
  parseTarget,
  type RedirectRule,
} from './network-redirect';
