// Kubernetes knowledge: where pods live, how RuntimeClasses isolate, and the
// cross-document inventory given to policies as `data.rtpolicy`.
export {
  buildInventory,
  type ClassifiedHandlerEntry,
  type Definition,
  INVENTORY_KINDS,
  InventoryBuilder,
  isNamespace,
  isRuntimeClass,
  type NamespaceInfo,
  type NodeConfigSummary,
  type RtpolicyData,
  type RuntimeClassInfo,
  runtimeClassFields,
  scanInventory,
  selectorMatches,
} from './inventory.js';
export {
  apiGroup,
  CONTAINER_FIELDS,
  type ContainerRef,
  extractPodSpecs,
  listContainers,
  POD_TEMPLATE_PATHS,
  type PodSpecRef,
  type PodTemplatePaths,
} from './pods.js';
export {
  type Classification,
  type ClassifiedBy,
  classifyHandlerEntry,
  classifyHandlerName,
  classifyRuntimeClass,
  hypervisorFromName,
} from './sandbox.js';
