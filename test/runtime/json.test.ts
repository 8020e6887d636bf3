import { beforeEach, describe, expect, it } from 'vitest';
import { loadRuntime, type Runtime } from './harness.js';

let rt: Runtime;
beforeEach(() => {
  rt = loadRuntime();
});

const roundTrip = (json: string) => {
  const v = rt.parse(json);
  if (v === 0) throw new Error(`failed to parse ${json}`);
  return rt.dump(v);
};

describe('opa_json_parse / opa_json_dump', () => {
  it('round-trips scalars, arrays and objects, with object keys sorted', () => {
    expect(roundTrip(' null ')).toBe('null');
    expect(roundTrip('true')).toBe('true');
    expect(roundTrip('false')).toBe('false');
    expect(roundTrip('"x"')).toBe('"x"');
    expect(roundTrip('[1, -2, 3.25, "a", [], {}]')).toBe('[1,-2,3.25,"a",[],{}]');
    expect(roundTrip('{"z": 1, "a": {"y": null, "b": [true]}, "m": "x"}')).toBe(
      '{"a":{"b":[true],"y":null},"m":"x","z":1}',
    );
    expect(roundTrip('\t\r\n[ 1 ,\n2 ]\n')).toBe('[1,2]');
  });

  it('keeps integers exact, including beyond 64 bits, and number texts verbatim', () => {
    expect(roundTrip('123456789012345678901234567890')).toBe('123456789012345678901234567890');
    expect(roundTrip('-123456789012345678901234567890')).toBe('-123456789012345678901234567890');
    expect(roundTrip('9223372036854775807')).toBe('9223372036854775807');
    expect(roundTrip('-9223372036854775808')).toBe('-9223372036854775808');
    expect(roundTrip('9223372036854775808')).toBe('9223372036854775808');
    expect(roundTrip('[0.1, 1e3, 1.5E-7, -0, 0.000]')).toBe('[0.1,1e3,1.5E-7,0,0.000]');
    expect(roundTrip('3.141592653589793238462643383279')).toBe('3.141592653589793238462643383279');
  });

  it('decodes escapes, surrogate pairs and UTF-8, and escapes what JSON requires', () => {
    expect(roundTrip('"a\\u00e9\\ud83d\\ude00b"')).toBe('"aé😀b"');
    expect(roundTrip('"\\"\\\\\\/\\b\\f\\n\\r\\t"')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t"');
    expect(roundTrip('"\\u0001\\u001f"')).toBe('"\\u0001\\u001f"');
    expect(roundTrip('"日本語 ✓ 😀"')).toBe('"日本語 ✓ 😀"');
    expect(JSON.parse(roundTrip('"\\u2028"'))).toBe('\u2028');
    // Lone surrogates become U+FFFD, as Go's decoder does.
    expect(roundTrip('"\\ud800x"')).toBe('"\ufffdx"');
    expect(roundTrip('"\\udc00"')).toBe('"\ufffd"');
    expect(roundTrip('"\\ud800\\u0041"')).toBe('"\ufffdA"');
  });

  it('replaces invalid UTF-8 with U+FFFD, byte by byte', () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    // "a" 0xFF "b"
    expect(rt.dump(rt.parse(bytes(0x22, 0x61, 0xff, 0x62, 0x22)))).toBe('"a\ufffdb"');
    // A truncated sequence, an overlong encoding and an encoded surrogate.
    expect(rt.dump(rt.parse(bytes(0x22, 0xe2, 0x82, 0x22)))).toBe('"\ufffd\ufffd"');
    expect(rt.dump(rt.parse(bytes(0x22, 0xc0, 0xaf, 0x22)))).toBe('"\ufffd\ufffd"');
    expect(rt.dump(rt.parse(bytes(0x22, 0xed, 0xa0, 0x80, 0x22)))).toBe('"\ufffd\ufffd\ufffd"');
    // Valid 4-byte sequence kept.
    expect(rt.dump(rt.parse(bytes(0x22, 0xf0, 0x9f, 0x98, 0x80, 0x22)))).toBe('"😀"');
  });

  it('returns 0 for invalid JSON', () => {
    for (const bad of [
      '',
      ' ',
      '[1,]',
      '[1 2]',
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '{a:1}',
      '{1:2}',
      "'x'",
      '01',
      '1.',
      '.5',
      '-',
      '+1',
      '1e',
      '1e+',
      'tru',
      'nulls',
      'NaN',
      '"abc',
      '"\\x"',
      '"\\u12"',
      '"a\u0001"',
      '[',
      '{"a":1',
      '1 2',
      'set()',
      '{1,2}',
    ]) {
      expect(rt.parse(bad), JSON.stringify(bad)).toBe(0);
    }
  });

  it('parses deep nesting without recursion and rejects nesting deeper than 2048 levels', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(roundTrip(deep(2048))).toBe(deep(2048));
    const objects = `${'{"a":'.repeat(2047)}[1]${'}'.repeat(2047)}`;
    expect(roundTrip(objects)).toBe(objects);
    expect(rt.parse(deep(2049))).toBe(0);
    expect(rt.parse(`${'{"a":'.repeat(2048)}[]${'}'.repeat(2048)}`)).toBe(0);
    // Values as deep as the parser allows compare, hash and copy without exhausting the stack.
    const a = rt.parse(`${'['.repeat(2047)}1${']'.repeat(2047)}`);
    const b = rt.parse(`${'['.repeat(2047)}2${']'.repeat(2047)}`);
    expect(rt.x.opa_value_compare(a, b)).toBeLessThan(0);
    expect(rt.x.opa_value_hash(a)).not.toBe(rt.x.opa_value_hash(b));
    expect(rt.dump(rt.x.builtin_sort(rt.vparse(`[${rt.dump(b)}, ${rt.dump(a)}]`)))).toBe(
      `[${rt.dump(a)},${rt.dump(b)}]`,
    );
  });

  it('later duplicate keys win', () => {
    expect(roundTrip('{"a": 1, "b": 2, "a": 3}')).toBe('{"a":3,"b":2}');
  });

  it('round-trips documents JSON.stringify writes', () => {
    const doc = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            runtimeClassName: 'kata-qemu',
            containers: [
              { name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: 0.5, memory: '64Mi' } } },
            ],
          },
        },
      },
      weird: ['\u0000', '\u007f', 'é', '"quoted"', 1e21, -1.5e-9, 2 ** 53],
    };
    const text = JSON.stringify(doc);
    expect(JSON.parse(roundTrip(text))).toEqual(doc);
  });

  it('handles a large object with many keys (hash index, sorted dump)', () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i < 5000; i++) obj[`k${(i * 7919) % 5000}`] = i;
    const out = roundTrip(JSON.stringify(obj));
    const keys = Object.keys(JSON.parse(out));
    expect(keys.length).toBe(5000);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('number formatting', () => {
  it('dumps doubles as the shortest text that reads back (JavaScript format)', () => {
    const samples = [
      0.1,
      0.2 + 0.1,
      1 / 3,
      1e21,
      1e-7,
      123.456,
      5e-324,
      1.7976931348623157e308,
      2 ** 60,
      -1.5,
      100,
      1e-6,
      4.35,
      0.000001234,
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const buf = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 3000; i++) {
      // Random bit patterns cover every exponent; skip NaN and infinities.
      buf.setUint32(0, Math.floor(random() * 2 ** 32));
      buf.setUint32(4, Math.floor(random() * 2 ** 32));
      const x = buf.getFloat64(0);
      if (Number.isFinite(x)) samples.push(x);
      samples.push(Math.round(random() * 1e6) / 1000);
    }
    for (const x of samples) {
      expect(rt.dump(rt.x.opa_number_float(x)), String(x)).toBe(Object.is(x, -0) ? '0' : String(x));
    }
  });

  it('reads decimal text into the nearest double (checked through arithmetic)', () => {
    const texts = [
      '0.1',
      '2.2250738585072011e-308',
      '2.2250738585072012e-308',
      '1.7976931348623157e308',
      '4.9e-324',
      '2.4703282292062328e-324',
      '9007199254740993.5',
      '0.30000000000000004441',
      '123456789012345678901234567890.5',
      '1.00000000000000011102230246251565404236316680908203125',
      '1.00000000000000011102230246251565404236316680908203124',
      '7.038531e-26',
    ];
    let seed = 99;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      const digits = String(Math.floor(random() * 1e17)).padStart(2, '1');
      const exp = Math.floor(random() * 600) - 300;
      texts.push(`${digits.slice(0, 1)}.${digits.slice(1)}1e${exp}`);
    }
    for (const t of texts) {
      // Dividing by 1 runs on doubles (integral texts included), so it shows the conversion alone.
      const got = rt.x.builtin_div(rt.parse(t), rt.parse('1'));
      expect(rt.dump(got), t).toBe(String(Number(t)));
    }
  });
});

describe('opa_value_parse / opa_value_dump', () => {
  it('reads and writes sets and non-string keys', () => {
    const rego = (t: string) => rt.vdump(rt.vparse(t));
    expect(rego('{3, 1, 2}')).toBe('{1,2,3}');
    expect(rego('set()')).toBe('set()');
    expect(rego('{1: "a", [1]: 2, "k": {2}}')).toBe('{1:"a","k":{2},[1]:2}');
    expect(rego('{{1}, set(), [1]}')).toBe('{[1],set(),{1}}');
    expect(rego('{"a"}')).toBe('{"a"}');
    expect(rego('{}')).toBe('{}');
    expect(rt.x.opa_value_parse(...rt.put('{1,}'))).toBe(0);
    expect(rt.x.opa_value_parse(...rt.put('{1:}'))).toBe(0);
    expect(rt.x.opa_value_parse(...rt.put('set(1)'))).toBe(0);
  });

  it('dumps sets as sorted arrays and non-string keys as their JSON text in JSON', () => {
    expect(rt.dump(rt.vparse('{"b", "a"}'))).toBe('["a","b"]');
    expect(rt.dump(rt.vparse('{1: true, [1, "x"]: false, null: 0}'))).toBe(
      '{"null":0,"1":true,"[1,\\"x\\"]":false}',
    );
  });
});
