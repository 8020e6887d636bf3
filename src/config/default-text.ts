// The commented rtpolicy.yaml that `rtpolicy init` writes. Every setting is
// shown with its default value; test/config checks that it parses to exactly
// the defaults, so this text and defaults.ts cannot drift apart.
import { DEFAULT_KUBERNETES_VERSION } from './defaults.js';

export const DEFAULT_CONFIG_TEXT = `# rtpolicy configuration.
# rtpolicy looks for this file in the working directory and the directories
# above it; \`rtpolicy check --config FILE\` names one explicitly.

# Findings at or above this severity fail the run: error, warning, note, none.
failLevel: error

# The Kubernetes version the manifests target (major.minor): RTC001 and other
# version-dependent checks follow it. Quote it: 1.30 unquoted is the number 1.3.
kubernetesVersion: "${DEFAULT_KUBERNETES_VERSION}"

# Files and directories to leave out. A pattern without "/" matches a name
# anywhere; one with "/" is relative to this file's directory.
ignore: []
#  - charts/**/templates/**
#  - "*.tmpl.yaml"

# Rules by id: turn one off, or change its severity.
rules: {}
#  RTC016: false              # off
#  RTC033: note               # severity: error, warning or note
#  RTC031:
#    enabled: true
#    severity: warning

# RuntimeClasses the cluster provides (not defined in this repository), and
# overrides for classes that are. sandbox: vm, gvisor or none.
runtimeClasses: {}
#  gvisor:                    # GKE Sandbox
#    handler: gvisor
#    sandbox: gvisor
#    nodeSelector:
#      sandbox.gke.io/runtime: gvisor
#  kata-vm-isolation:         # AKS Pod Sandboxing
#    handler: kata
#    sandbox: vm
#    hypervisor: cloud-hypervisor
#  kata-fc:                   # override the classification of a repository class
#    sandbox: vm
#    hypervisor: firecracker

sandbox:
  # Which RuntimeClass sandbox classes count as a sandbox.
  classes: [vm, gvisor]
  # Namespaces whose workloads must use a sandboxed RuntimeClass, by name...
  namespaces: []
  # ...or by the labels of the Namespace objects in this repository.
  # namespaceSelector:
  #   matchLabels:
  #     isolation: sandboxed
  # Minimum pod overhead (overhead.podFixed) of sandboxed RuntimeClasses, by
  # hypervisor; "vm" applies when the hypervisor is not known.
  minimumOverhead:
    qemu: { memory: 320Mi }
    cloud-hypervisor: { memory: 130Mi }
    firecracker: { memory: 130Mi }
    vm: { memory: 130Mi }

limits:
  # Larger files are not read (RTP003).
  maxFileSize: 8MiB
  # Documents whose YAML aliases expand beyond this many nodes are not checked (RTP004).
  maxAliasNodes: 1000000
`;
