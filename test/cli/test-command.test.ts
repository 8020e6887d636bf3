// `rtpolicy test`: Rego unit tests through the built CLI, like `opa test`:
// results per test with file:line, the summary, exit statuses, --run,
// --verbose (print output), --rego-version v0, and compile errors.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtpolicy } from './helpers.js';

let dir: string;

const POLICY = `package k8s.pods

import rego.v1

deny contains msg if {
	input.spec.hostNetwork == true
	msg := sprintf("pod %s uses the host network", [input.metadata.name])
}
`;

const TESTS = `package k8s.pods_test

import data.k8s.pods
import rego.v1

host_pod := {"metadata": {"name": "web"}, "spec": {"hostNetwork": true}}

test_host_network_denied if {
	pods.deny["pod web uses the host network"] with input as host_pod
}

test_plain_pod_allowed if {
	count(pods.deny) == 0 with input as {"metadata": {"name": "web"}, "spec": {}}
}

test_data_mock if {
	data.settings.limit == 3 with data.settings as {"limit": 3}
}

test_wrong_expectation if {
	print("findings:", pods.deny) with input as host_pod
	count(pods.deny) == 0 with input as host_pod
}

todo_test_later if false
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rtpolicy-test-command-'));
  await mkdir(join(dir, 'ok'));
  await mkdir(join(dir, 'mixed'));
  await mkdir(join(dir, 'broken'));
  await mkdir(join(dir, 'v0'));
  await writeFile(join(dir, 'ok/pods.rego'), POLICY);
  await writeFile(
    join(dir, 'ok/pods_test.rego'),
    TESTS.replace(/\ntest_wrong_expectation[\s\S]*?\n}\n/, '\n'),
  );
  await writeFile(join(dir, 'mixed/pods.rego'), POLICY);
  await writeFile(join(dir, 'mixed/pods_test.rego'), TESTS);
  await writeFile(
    join(dir, 'broken/pods_test.rego'),
    'package broken\n\nimport rego.v1\n\ntest_x if {\n\tx > 1\n}\n',
  );
  await writeFile(
    join(dir, 'v0/policy.rego'),
    'package v0\n\ndeny[msg] {\n  input.kind == "Pod"\n  msg := "no pods"\n}\n\ntest_pod {\n  deny["no pods"] with input as {"kind": "Pod"}\n}\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const test = (...args: string[]) => rtpolicy(['test', ...args], { cwd: dir });

describe('rtpolicy test', () => {
  it('passes: one line per test with file:line, a summary, exit 0', async () => {
    const { status, stdout, stderr } = await test('ok');
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toEqual([
      'ok/pods_test.rego:8: data.k8s.pods_test.test_host_network_denied: PASS',
      'ok/pods_test.rego:12: data.k8s.pods_test.test_plain_pod_allowed: PASS',
      'ok/pods_test.rego:16: data.k8s.pods_test.test_data_mock: PASS',
      'ok/pods_test.rego:21: data.k8s.pods_test.todo_test_later: SKIPPED',
      '-'.repeat(80),
      'PASS: 3/4',
      'SKIPPED: 1/4',
      '',
    ]);
    expect(status).toBe(0);
  });

  it('fails with exit 1, showing what the failing test printed', async () => {
    const { status, stdout } = await test('mixed');
    expect(stdout).toContain('mixed/pods_test.rego:20: data.k8s.pods_test.test_wrong_expectation: FAIL\n');
    // print shows values as OPA does, in Rego syntax: a set in braces.
    expect(stdout).toContain('  findings: {"pod web uses the host network"}\n');
    expect(stdout).toMatch(/^PASS: 3\/5$/m);
    expect(stdout).toMatch(/^FAIL: 1\/5$/m);
    expect(status).toBe(1);
  });

  it('--run selects tests by name', async () => {
    const { status, stdout } = await test('--run', 'host_network|data_mock', 'mixed');
    expect(stdout).toMatch(/^PASS: 2\/2$/m);
    expect(stdout).not.toContain('test_wrong_expectation');
    expect(status).toBe(0);
  });

  it('--verbose adds timings and the output of passing tests', async () => {
    const { stdout } = await test('--verbose', '--run', 'wrong|plain', 'mixed');
    expect(stdout).toMatch(/test_plain_pod_allowed: PASS \(\d+(\.\d+)?(ms|µs)\)/);
    expect(stdout).toMatch(/^compiled in /m);
  });

  it('reports a policy that does not compile as file:row:col: code: message, exit 2', async () => {
    const { status, stdout, stderr } = await test('broken');
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^broken\/pods_test\.rego:6:2: rego_unsafe_var_error: var x is unsafe$/m);
    expect(status).toBe(2);
  });

  it('reads Rego v0 with --rego-version v0', async () => {
    const v0 = await test('--rego-version', 'v0', 'v0');
    expect(v0.stdout).toContain('v0/policy.rego:8: data.v0.test_pod: PASS');
    expect(v0.status).toBe(0);
    const v1 = await test('v0');
    expect(v1.stderr).toContain('rego_parse_error');
    expect(v1.status).toBe(2);
  });

  it('exits 2 for a missing path, or when no test matches', async () => {
    const missing = await test('nowhere');
    expect(missing.stderr).toContain('rtpolicy test: nowhere: no such file or directory');
    expect(missing.status).toBe(2);
    const none = await test('--run', 'nothing-matches', 'ok');
    expect(none.stderr).toContain('no test rules match --run nothing-matches');
    expect(none.status).toBe(2);
  });
});
