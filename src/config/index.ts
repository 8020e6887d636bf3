// rtpolicy.yaml: discovery, validation, defaults. See src/config/types.ts.
export { DEFAULT_CONFIG_TEXT } from './default-text.js';
export { DEFAULT_KUBERNETES_VERSION, DEFAULT_MINIMUM_OVERHEAD, defaultConfig } from './defaults.js';
export {
  CONFIG_FILE_NAMES,
  ConfigError,
  type ConfigErrorDetail,
  configIgnorePatterns,
  configSearchStart,
  findConfigFile,
  loadConfig,
  loaderOptionsFor,
  parseConfig,
} from './load.js';
export type * from './types.js';
export {
  applyOverrides,
  type ConfigIssue,
  type ConfigOverrides,
  formatPath,
  validateConfig,
} from './validate.js';
