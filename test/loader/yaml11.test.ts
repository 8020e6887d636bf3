// YAML 1.1 scalars and keys as the API server decodes them. The expected
// values were produced by kubectl v1.32.4 (`kubectl annotate --local -f FILE
// k=v -o json`, which decodes with sigs.k8s.io/yaml, i.e. go-yaml v2, and
// converts to JSON client-side); when kubectl is on PATH the last test
// re-runs that comparison live.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/loader/index.js';
import { formatFloatKey, resolvePlainScalar } from '../../src/loader/yaml11.js';

/** [plain scalar as written, JSON value kubectl gives it] */
const SCALARS: [string, unknown][] = [
  ['y', true],
  ['Y', true],
  ['yes', true],
  ['Yes', true],
  ['YES', true],
  ['yEs', 'yEs'],
  ['n', false],
  ['N', false],
  ['no', false],
  ['No', false],
  ['NO', false],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['tRUE', 'tRUE'],
  ['false', false],
  ['False', false],
  ['FALSE', false],
  ['on', true],
  ['On', true],
  ['ON', true],
  ['oN', 'oN'],
  ['off', false],
  ['Off', false],
  ['OFF', false],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['nULL', 'nULL'],
  ['', null],
  ['0', 0],
  ['-0', 0],
  ['+12', 12],
  ['0777', 511],
  ['0o17', 15],
  ['0O17', 15],
  ['08', 8],
  ['09', 9],
  ['00', 0],
  ['0x1F', 31],
  ['0X1f', 31],
  ['0x_1F', 31],
  ['+0x10', 16],
  ['-0x10', -16],
  ['0b101', 5],
  ['0B11', 3],
  ['-0b101', -5],
  ['0b_101', 5],
  ['1_000', 1000],
  ['1__2', 12],
  ['0777_7', 4095],
  ['0x', '0x'],
  ['0o', '0o'],
  // Beyond 2^53, a JSON number is the nearest double, in Go's output as in JavaScript.
  ['9223372036854775807', 9223372036854776000],
  ['9223372036854775808', 9223372036854776000],
  ['18446744073709551615', 18446744073709552000],
  ['18446744073709551616', 18446744073709552000],
  ['-9223372036854775808', -9223372036854776000],
  ['-9223372036854775809', -9223372036854776000],
  ['0xFFFFFFFFFFFFFFFF', 18446744073709552000],
  ['0x1FFFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFFF'],
  ['123456789012345678901234567890', 1.2345678901234568e29],
  ['0777777777777777777777777', 7.777777777777778e23],
  ['1e3', 1000],
  ['1E3', 1000],
  ['1e+3', 1000],
  ['1e-3', 0.001],
  ['1.', 1],
  ['1.0', 1],
  ['.5', 0.5],
  ['-.5', -0.5],
  ['+.5e1', 5],
  ['1_0.5', 10.5],
  ['0.1e-3', 0.0001],
  ['1e', '1e'],
  ['1e400', '1e400'],
  ['._5', '._5'],
  ['.', '.'],
  ['.e5', '.e5'],
  ['1:20', '1:20'],
  ['190:20:30', '190:20:30'],
  ['12:30:45', '12:30:45'],
  ['2001-12-14', '2001-12-14'],
  ['2001-1-2', '2001-1-2'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10'],
  ['2001-12-14T21:59:43Z', '2001-12-14T21:59:43Z'],
  ['2001-13-14', '2001-13-14'],
  ['0.0', 0],
  ['1.23456789012', 1.23456789012],
  ['+', '+'],
  ['.1.2', '.1.2'],
  ['1.2.3', '1.2.3'],
  ['0x1.8p1', '0x1.8p1'],
  ['Infinity', 'Infinity'],
  ['NaN', 'NaN'],
  ['inf', 'inf'],
];

/** [key as written, the key in kubectl's JSON] */
const KEYS: [string, string][] = [
  ['yes', 'true'],
  ['y', 'true'],
  ['off', 'false'],
  ['1.0', '1'],
  ['0x10', '16'],
  ['1e3', '1000'],
  ['1000000.0', '1e+06'],
  ['12345678', '12345678'],
  ['12345678.0', '1.2345678e+07'],
  ['0.00001', '1e-05'],
  ['3.14159265358979', '3.1415927'],
  ['1.5', '1.5'],
  ['2001-12-14', '2001-12-14'],
  ['"<<"', '<<'],
  ["'yes'", 'yes'],
];

function configMap(entries: string[]): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: scalars',
    'data:',
    ...entries.map((e) => `  ${e}`),
  ].join('\n');
}

async function decodeData(entries: string[]): Promise<Record<string, unknown>> {
  const file = await loadText(configMap(entries), 'scalars.yaml');
  expect(file.problems).toEqual([]);
  expect(file.documents).toHaveLength(1);
  return file.documents[0].object.data as Record<string, unknown>;
}

describe('plain scalars resolve as sigs.k8s.io/yaml resolves them', () => {
  it.each(SCALARS)('%j', (text, expected) => {
    expect(resolvePlainScalar(text)).toStrictEqual(expected);
  });

  it('gives the same values through the js-yaml schema (the fast path)', async () => {
    const data = await decodeData(SCALARS.map(([text], i) => `k${i}: ${text}`));
    SCALARS.forEach(([text, expected], i) => {
      expect([text, data[`k${i}`]]).toStrictEqual([text, expected]);
    });
  });

  it('leaves quoted scalars as strings', async () => {
    const data = await decodeData(['a: "yes"', "b: '0777'", 'c: "~"', 'd: "1e3"']);
    expect(data).toStrictEqual({ a: 'yes', b: '0777', c: '~', d: '1e3' });
  });

  it('decodes `privileged: yes` as privileged', async () => {
    const file = await loadText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext: {privileged: yes}\n',
      'pod.yaml',
    );
    const spec = file.documents[0].object.spec as {
      containers: { securityContext: { privileged: unknown } }[];
    };
    expect(spec.containers[0].securityContext.privileged).toBe(true);
  });
});

describe('keys become strings as in the JSON conversion', () => {
  it.each(KEYS)('%s', async (key, expected) => {
    const data = await decodeData([`${key}: v`]);
    expect(Object.keys(data)).toStrictEqual([expected]);
  });

  it('formats float keys as Go formats float32 (shortest digits, %e outside [1e-4, 1e6))', () => {
    expect(formatFloatKey(1e6)).toBe('1e+06');
    expect(formatFloatKey(123456)).toBe('123456');
    expect(formatFloatKey(0.0001)).toBe('0.0001');
    expect(formatFloatKey(-2.5e-7)).toBe('-2.5e-07');
    expect(formatFloatKey(1e21)).toBe('1e+21');
    expect(formatFloatKey(Number.POSITIVE_INFINITY)).toBe('.inf');
  });
});

describe('tags, merges and values JSON cannot hold', () => {
  it('applies explicit tags as go-yaml does and ignores unknown ones', async () => {
    const data = await decodeData([
      'bin: !!binary aGVsbG8=',
      'ref: !Ref foo',
      'str: !!str 123',
      'float: !!float 1',
      'set: !!set {x, y}',
      'omap: !!omap [x: 1, y: 2]',
      'nonspecific: ! 12',
      'ts: !!timestamp 2001-12-14',
      'bool: !!bool "yes"',
      'int: !!int "12"',
      'custom: !custom {b: 1}',
      'bytes: !!binary //79',
    ]);
    expect(data).toStrictEqual({
      bin: 'hello',
      ref: 'foo',
      str: '123',
      float: 1,
      set: { x: null, true: null },
      omap: [{ x: 1 }, { true: 2 }],
      nonspecific: '12',
      ts: '2001-12-14',
      bool: true,
      int: 12,
      custom: { b: 1 },
      bytes: '\ufffd\ufffd\ufffd',
    });
  });

  it('merges in document order: a merge overrides earlier keys, the first merged mapping wins', async () => {
    const data = await decodeData([
      'base: &b {x: 1, y: 1}',
      'm:',
      '  x: 0',
      '  <<: *b',
      '  y: 2',
      'list: {<<: [{x: 1}, {x: 2, z: 2}]}',
      'value: <<',
    ]);
    expect(data).toStrictEqual({
      base: { x: 1, true: 1 },
      m: { x: 1, true: 2 },
      list: { x: 1, z: 2 },
      value: '<<',
    });
  });

  it.each([
    [
      'a: !!int 1.5',
      'RTP001',
      6,
      'invalid YAML: cannot resolve a node with !<tag:yaml.org,2002:int> explicit tag',
    ],
    ['a: .inf', 'RTP001', 6, 'a value is .inf or .nan'],
    ['~: x', 'RTP001', 6, 'a mapping key is null'],
    ['a: &a [*a]', 'RTP004', 6, 'a YAML alias refers to a node that contains it'],
  ])('rejects %j as the API server does', async (entry, ruleId, line, message) => {
    const file = await loadText(configMap([entry]), 'bad.yaml');
    expect(file.documents).toEqual([]);
    expect(file.problems).toHaveLength(1);
    expect(file.problems[0]).toMatchObject({ ruleId, file: 'bad.yaml' });
    expect(file.problems[0].message).toContain(message);
    expect(file.problems[0].region.startLine).toBe(line);
  });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!kubectl)('live comparison with kubectl', () => {
  it('decodes every scalar and key of the tables as kubectl does', async () => {
    const entries = [
      ...SCALARS.map(([text], i) => `k${i}: ${text}`),
      ...KEYS.map(([key], i) => `${key}: key${i}`),
    ];
    const text = configMap(entries);
    const dir = mkdtempSync(join(tmpdir(), 'rtpolicy-kubectl-'));
    try {
      writeFileSync(join(dir, 'cm.yaml'), text);
      const out = execFileSync(
        'kubectl',
        ['annotate', '--local', '-f', join(dir, 'cm.yaml'), 'k=v', '-o', 'json'],
        {
          encoding: 'utf8',
        },
      );
      const expected = JSON.parse(out).data;
      const file = await loadText(text, 'cm.yaml');
      expect(file.documents[0].object.data).toStrictEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
