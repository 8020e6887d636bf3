// The loader: files -> Kubernetes objects (+ source maps on demand), node
// configs -> runtime handlers. See DESIGN.md "Pipeline and layout".
export { checkAliasExpansion } from './aliases.js';
export { isKubeObject } from './decode.js';
export { type Discovery, discoverInputs, type InputFile, InputPathError } from './discover.js';
export { LoadStats, loadInputs, loadText } from './load.js';
export { NODE_CONFIG_API_VERSION } from './nodeconfig.js';
export { TextCache } from './text-cache.js';
export type * from './types.js';
export { DEFAULT_MAX_ALIAS_NODES, DEFAULT_MAX_FILE_SIZE } from './types.js';
export { formatFloatKey, isYamlTimestamp, resolvePlainScalar, resolveScalar } from './yaml11.js';
