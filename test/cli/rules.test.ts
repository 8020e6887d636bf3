// `rtpolicy rules`: id, severity, title and help link of the built-in pack
// and of --policy files, as text and JSON.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtpolicy } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-rules-'));
  await writeFile(
    join(dir, 'images.rego'),
    `package k8s.images

import rego.v1

# METADATA
# title: Image from an untrusted registry
# description: Images must come from registry.example.com.
# related_resources:
#   - ref: https://example.com/registries
# custom:
#   id: ORG001
#   severity: warning
deny contains msg if {
	some c in input.spec.containers
	not startswith(c.image, "registry.example.com/")
	msg := "untrusted image"
}
`,
  );
  await writeFile(join(dir, 'broken.rego'), 'package broken\n\ndeny contains msg if {\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('rtpolicy rules', () => {
  it('lists every rule of the built-in pack with severity, title and help link', async () => {
    const { status, stdout } = await rtpolicy(['rules']);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+TITLE\s+HELP$/);
    expect(lines).toHaveLength(25);
    const rtc031 = lines.find((l) => l.startsWith('RTC031'));
    expect(rtc031).toMatch(
      /^RTC031\s+error\s+Privileged workload without a sandboxed RuntimeClass\s+https:\/\/\S+\/docs\/rules\/RTC031\.md$/,
    );
  });

  it('--format json gives the rule catalog', async () => {
    const { status, stdout } = await rtpolicy(['rules', '--format', 'json']);
    expect(status).toBe(0);
    const { rules } = JSON.parse(stdout) as {
      rules: { id: string; severity: string; remediation?: string }[];
    };
    expect(rules.map((r) => r.id)).toContain('RTC015');
    expect(rules.find((r) => r.id === 'RTC036')?.severity).toBe('note');
    expect(rules.every((r) => r.remediation)).toBe(true);
  });

  it('adds the rules of --policy files, read from their METADATA', async () => {
    const { status, stdout } = await rtpolicy([
      'rules',
      '--no-builtin',
      '--policy',
      join(dir, 'images.rego'),
    ]);
    expect(status).toBe(0);
    expect(stdout.trimEnd().split('\n')[1]).toMatch(
      /^ORG001\s+warning\s+Image from an untrusted registry\s+https:\/\/example\.com\/registries$/,
    );
    const both = await rtpolicy(['rules', '--policy', join(dir, 'images.rego'), '--format', 'json']);
    expect((JSON.parse(both.stdout).rules as unknown[]).length).toBe(25);
  });

  it('exits 2 for a policy that does not parse', async () => {
    const { status, stderr } = await rtpolicy(['rules', '--policy', join(dir, 'broken.rego')]);
    expect(stderr).toContain('rego_parse_error');
    expect(status).toBe(2);
  });
});
