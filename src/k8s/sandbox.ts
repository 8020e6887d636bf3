// Classifies runtime handlers and RuntimeClasses by how they isolate pods
// (RULES.md "How a RuntimeClass is classified"): `vm` (Kata Containers),
// `gvisor` (runsc), `none` (runc, crun) or `unknown`. The order is
//   1. rtpolicy.yaml `runtimeClasses.<name>.sandbox`;
//   2. a containerd/CRI-O config in the repository that defines the handler;
//   3. the handler's name.
// Never by the RuntimeClass name: kata-deploy names its class `kata` with
// handler `kata-qemu`, gVisor's docs map class `gvisor` to handler `runsc`.
import type { Config, Hypervisor, SandboxClass } from '../config/types.js';
import type { RuntimeHandlerEntry } from '../loader/types.js';

export type ClassifiedBy = 'config' | 'node-config' | 'handler-name' | 'none';

export interface Classification {
  sandbox: SandboxClass;
  /** For `vm`: the VMM, when the handler, its runtime type or its Kata configuration file tells. */
  hypervisor?: Hypervisor;
  /** Firecracker (`kata-fc`): the VM is sized once at boot, no GPUs, no host paths without copies. */
  firecracker: boolean;
  classifiedBy: ClassifiedBy;
}

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The VMM named in a Kata handler name, runtime type or configuration file (`kata-clh`, `configuration-fc.toml`). */
export function hypervisorFromName(name: string): Hypervisor | undefined {
  const lower = name.toLowerCase();
  const words = lower.split(/[-_.]/);
  if (words.includes('fc') || words.includes('firecracker')) return 'firecracker';
  if (words.includes('clh') || lower.includes('cloud-hypervisor') || lower.includes('cloudhypervisor')) {
    return 'cloud-hypervisor';
  }
  if (words.includes('qemu')) return 'qemu';
  if (words.includes('dragonball')) return 'dragonball';
  if (words.includes('stratovirt')) return 'stratovirt';
  if (words.includes('remote')) return 'remote';
  return undefined;
}

/** Step 3: classification by the handler's name. */
export function classifyHandlerName(handler: string): Omit<Classification, 'classifiedBy'> {
  const name = handler.toLowerCase();
  if (name.startsWith('kata')) {
    // Plain `kata` runs Kata's default configuration.toml, which is QEMU's.
    const hypervisor = hypervisorFromName(name) ?? (name === 'kata' ? 'qemu' : undefined);
    const firecracker = name === 'kata-fc' || name.endsWith('-fc');
    return { sandbox: 'vm', hypervisor: firecracker ? 'firecracker' : hypervisor, firecracker };
  }
  if (name.startsWith('runsc') || name.startsWith('gvisor')) return { sandbox: 'gvisor', firecracker: false };
  if (name === 'runc' || name === 'crun') return { sandbox: 'none', firecracker: false };
  return { sandbox: 'unknown', firecracker: false };
}

const KATA_RUNTIME_TYPE = /^io\.containerd\.kata(?:-[a-z0-9-]+)?\.v2$/;
const RUNC_RUNTIME_TYPES = new Set([
  'io.containerd.runc.v2',
  'io.containerd.runc.v1',
  'io.containerd.runtime.v1.linux',
]);

/** What an OCI runtime binary is, by its file name. */
function classifyBinary(path: string | undefined): SandboxClass {
  if (!path) return 'unknown';
  const name = basename(path);
  if (name === 'containerd-shim-kata-v2' || name === 'kata-runtime') return 'vm';
  if (name === 'containerd-shim-runsc-v1' || name === 'runsc') return 'gvisor';
  if (name === 'runc' || name === 'crun') return 'none';
  return 'unknown';
}

/** Step 2 for one entry: what a containerd or CRI-O runtime entry runs. */
export function classifyHandlerEntry(
  entry: RuntimeHandlerEntry,
): Pick<Classification, 'sandbox' | 'hypervisor'> {
  let sandbox: SandboxClass = 'unknown';
  if (entry.format === 'containerd') {
    const type = entry.runtimeType ?? '';
    if (KATA_RUNTIME_TYPE.test(type)) sandbox = 'vm';
    else if (type === 'io.containerd.runsc.v1') sandbox = 'gvisor';
    else if (RUNC_RUNTIME_TYPES.has(type)) {
      // The runc shim runs whatever OCI runtime BinaryName names (crun, nvidia-container-runtime, ...).
      const binary = classifyBinary(entry.binaryName);
      sandbox = binary === 'unknown' ? 'none' : binary;
    }
  } else {
    // CRI-O: runtime_path, or the handler name looked up on $PATH when it is not set.
    sandbox = classifyBinary(entry.runtimePath ?? entry.handler);
  }
  if (sandbox !== 'vm') return { sandbox };
  const hypervisor =
    hypervisorFromName(entry.runtimeType ?? '') ??
    hypervisorFromName(basename(entry.configPath ?? '').replace(/^configuration-?/, '')) ??
    hypervisorFromName(entry.handler);
  return hypervisor ? { sandbox, hypervisor } : { sandbox };
}

/**
 * Classifies a RuntimeClass from its name and handler, the configuration and
 * the handler entries of the repository's node configs.
 */
export function classifyRuntimeClass(
  name: string,
  handler: string | undefined,
  config: Config,
  handlers: Readonly<Record<string, readonly RuntimeHandlerEntry[]>>,
): Classification {
  const override = Object.hasOwn(config.runtimeClasses, name) ? config.runtimeClasses[name] : undefined;
  const byName = handler ? classifyHandlerName(handler) : undefined;
  const entries = handler && Object.hasOwn(handlers, handler) ? handlers[handler] : [];
  const byConfig = entries.map(classifyHandlerEntry).filter((c) => c.sandbox !== 'unknown');
  const finish = (
    sandbox: SandboxClass,
    classifiedBy: ClassifiedBy,
    hypervisor?: Hypervisor,
  ): Classification => {
    const vmm = sandbox === 'vm' ? (override?.hypervisor ?? hypervisor) : undefined;
    const result: Classification = { sandbox, firecracker: vmm === 'firecracker', classifiedBy };
    if (vmm) result.hypervisor = vmm;
    return result;
  };
  if (override?.sandbox) {
    return finish(
      override.sandbox,
      'config',
      byConfig.find((c) => c.hypervisor)?.hypervisor ?? byName?.hypervisor,
    );
  }
  if (byConfig.length > 0) {
    const classes = new Set(byConfig.map((c) => c.sandbox));
    // Node configs that disagree (kata on some nodes, runc on others): not a sandbox one can count on.
    if (classes.size > 1) return finish('unknown', 'node-config');
    return finish(
      byConfig[0].sandbox,
      'node-config',
      byConfig.find((c) => c.hypervisor)?.hypervisor ?? byName?.hypervisor,
    );
  }
  if (byName) return finish(byName.sandbox, 'handler-name', byName.hypervisor);
  return finish('unknown', 'none');
}
