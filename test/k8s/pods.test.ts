// Where pods live (RULES.md "Where pods live").
import { describe, expect, it } from 'vitest';
import { extractPodSpecs, listContainers } from '../../src/k8s/index.js';

const podSpec = { containers: [{ name: 'app' }] };
const template = { metadata: { labels: { app: 'x' } }, spec: podSpec };

describe('extractPodSpecs', () => {
  it.each([
    ['v1', 'Pod', { metadata: { name: 'p' }, spec: podSpec }, ['spec'], ['metadata']],
    ['v1', 'PodTemplate', { template }, ['template', 'spec'], ['template', 'metadata']],
    [
      'v1',
      'ReplicationController',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'apps/v1',
      'ReplicaSet',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'apps/v1',
      'Deployment',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'extensions/v1beta1',
      'Deployment',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'apps/v1',
      'StatefulSet',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'apps/v1',
      'DaemonSet',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'batch/v1',
      'Job',
      { spec: { template } },
      ['spec', 'template', 'spec'],
      ['spec', 'template', 'metadata'],
    ],
    [
      'batch/v1',
      'CronJob',
      { spec: { jobTemplate: { spec: { template } } } },
      ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    ],
  ])('%s %s', (apiVersion, kind, body, specPath, metadataPath) => {
    const [pod, ...rest] = extractPodSpecs({ apiVersion, kind, ...body });
    expect(rest).toEqual([]);
    expect(pod).toMatchObject({ spec: podSpec, specPath, metadataPath });
  });

  it('gives the template metadata, or {} when there is none', () => {
    const [pod] = extractPodSpecs({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { template: { spec: podSpec } },
    });
    expect(pod.metadata).toEqual({});
    const [withLabels] = extractPodSpecs({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template } });
    expect(withLabels.metadata).toEqual({ labels: { app: 'x' } });
  });

  it('finds nothing in other kinds, in the same kinds of other API groups, or without a pod spec', () => {
    expect(extractPodSpecs({ apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toEqual([]);
    expect(extractPodSpecs({ apiVersion: 'example.com/v1', kind: 'Deployment', spec: { template } })).toEqual(
      [],
    );
    expect(extractPodSpecs({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} })).toEqual([]);
    expect(extractPodSpecs({ apiVersion: 'v1', kind: 'toString' })).toEqual([]);
    expect(extractPodSpecs(null)).toEqual([]);
  });
});

describe('listContainers', () => {
  it('lists init, regular and ephemeral containers with their paths', () => {
    const [pod] = extractPodSpecs({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                initContainers: [{ name: 'init' }],
                containers: [{ name: 'a' }, { name: 'b' }],
                ephemeralContainers: [{ name: 'debug' }],
              },
            },
          },
        },
      },
    });
    const base = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    expect(listContainers(pod).map((c) => [c.container.name, c.path])).toEqual([
      ['init', [...base, 'initContainers', 0]],
      ['a', [...base, 'containers', 0]],
      ['b', [...base, 'containers', 1]],
      ['debug', [...base, 'ephemeralContainers', 0]],
    ]);
  });
});
