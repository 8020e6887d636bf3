// The regex.match fast path (src/runtime/builtins/regex.ts): the runtime
// answers ASCII patterns of a common RE2 subset with a linear-time NFA
// simulation, the host everything else. Each case runs through the
// unmodified SDK with the real host implementation, counting its calls, and
// is compared with what the host alone says for the same arguments.
import { describe, expect, it } from 'vitest';
import { hostBuiltins } from '../../../src/builtins/index.js';
import { local, PolicyBuilder, resultOf } from './ir-builder.js';
import { loadIr } from './sdk.js';

type HostMatch = (pattern: unknown, value: unknown) => unknown;

/** `<name>(input.p, input.s)`, with the host's calls counted. */
async function matchPolicy(name: 'regex.match' | 're_match' = 'regex.match') {
  const host = hostBuiltins[name] as HostMatch;
  const p = new PolicyBuilder();
  p.plan(
    'test/p',
    resultOf(
      2,
      { op: 'Dot', source: local(0), key: p.str('p'), target: 10 },
      { op: 'Dot', source: local(0), key: p.str('s'), target: 11 },
      { op: 'Call', func: name, args: [local(10), local(11)], result: 2 },
    ),
  );
  const calls = { count: 0 };
  const policy = await loadIr(p.policy, {
    [name]: (pattern: unknown, value: unknown) => {
      calls.count++;
      return host(pattern, value);
    },
  });
  /** The result set for (pattern, value), and whether the host was called for it. */
  const run = (pattern: unknown, value: unknown) => {
    const before = calls.count;
    const result = policy.evaluate({ p: pattern, s: value });
    return { result, hostCalled: calls.count !== before };
  };
  return { run, calls };
}

/** What the host alone answers, as a result set (an error makes the call undefined: no result). */
function hostAnswer(pattern: unknown, value: unknown): unknown[] {
  const r = (hostBuiltins['regex.match'] as HostMatch)(pattern, value);
  return r === undefined ? [] : [{ result: r }];
}

const show = (pattern: string, value: string) =>
  `${JSON.stringify(pattern)} on ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...(${value.length})` : value)}`;

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_SUBDOMAIN = String.raw`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`;
const TEMPLATE = String.raw`\{\{|\$\{|\$\(`;
const QUANTITY = String.raw`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|m|k)?$`;
const QUANTITY_FULL = String.raw`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`;
const EXTENDED_RESOURCE = String.raw`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`;
const IMAGE = String.raw`^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?$`;
const DIGEST = '@sha256:[a-f0-9]{64}$';
const IPV4 = String.raw`^[0-9]{1,3}(\.[0-9]{1,3}){3}$`;

/** `$` in a template, which keeps `${` out of plain strings (a likely mistake there). */
const DOLLAR = '$';

const longLabel = 'a'.repeat(300);
const longSubdomain = `${`${'b'.repeat(60)}.`.repeat(4)}c${'d'.repeat(60)}`;

/** Patterns in the subset, each with strings to try: the runtime answers all of them. */
const fast: [pattern: string, values: string[]][] = [
  [
    DNS_LABEL,
    [
      'a',
      'abc',
      'a-b',
      'a--b',
      'my-app-1',
      '0',
      '-a',
      'a-',
      'A',
      'a.b',
      'my_app',
      'x y',
      '',
      'a'.repeat(63),
      longLabel,
      `${longLabel}-`,
      `${'a'.repeat(5000)}!`,
      'a'.repeat(5000),
      `${'a-'.repeat(2500)}a`,
    ],
  ],
  [
    DNS_SUBDOMAIN,
    [
      'a',
      'a.b',
      'example.com',
      'sub-1.example-2.org',
      'a..b',
      '.a',
      'a.',
      'a-.b',
      'a.-b',
      'Example.com',
      longSubdomain,
      `${longSubdomain}.`,
      `${'a.'.repeat(2500)}a`,
      `${'a.'.repeat(2500)}!`,
      `${'a'.repeat(5000)}!`,
    ],
  ],
  [
    TEMPLATE,
    [
      'plain',
      '{{ .Values.x }}',
      `x ${DOLLAR}{HOME} y`,
      '$(cmd)',
      '{ {',
      '$ {',
      '$',
      '{',
      '',
      'a$b{c(',
      `${'x'.repeat(5000)}$(`,
    ],
  ],
  [
    QUANTITY,
    [
      '1',
      '100m',
      '1.5Gi',
      '.5',
      '5.',
      '+1Ki',
      '-2',
      '1e3',
      'Mi',
      '',
      '1.2.3',
      '1Ki ',
      '12345678901234567890Gi',
      '.',
      '+',
    ],
  ],
  [QUANTITY_FULL, ['1e3', '1E-3', '2E+10', '1.5Ti', '3P', '4e', '1k', '1K']],
  [
    EXTENDED_RESOURCE,
    [
      'nvidia.com/gpu',
      'example.com/foo_bar',
      'example.com/Foo.Bar-1',
      `example.com/${'a'.repeat(63)}`,
      `example.com/${'a'.repeat(64)}`,
      'example.com/_a',
      'example.com/',
      '/gpu',
      'nvidia.com/gpu/x',
    ],
  ],
  [
    IMAGE,
    [
      'nginx',
      'nginx:1.25',
      'library/nginx:latest',
      'registry.example.com/team/app:v1.2.3-rc1',
      'Nginx',
      'nginx:',
      'nginx::1',
      ':tag',
      'a/b/c',
      'a__b',
      `nginx:${'t'.repeat(128)}`,
      `nginx:${'t'.repeat(129)}`,
    ],
  ],
  [DIGEST, [`img@sha256:${'a'.repeat(64)}`, `img@sha256:${'a'.repeat(63)}`, `img@sha256:${'A'.repeat(64)}`]],
  [':latest$|^[^:]*$', ['nginx', 'nginx:latest', 'nginx:1.0', 'host:5000/nginx']],
  [IPV4, ['10.0.0.1', '255.255.255.255', '1.2.3', '1.2.3.4.5', '1234.1.1.1', '...']],
  // Alternations, empty branches included.
  ['^(cat|dog|bird)$', ['cat', 'dog', 'bird', 'cow', 'catdog', '']],
  ['cat|dog', ['hotdog', 'concatenate', 'cow']],
  ['a|b|', ['', 'x']],
  ['|', ['', 'x']],
  ['^(|a)$', ['', 'a', 'aa']],
  ['^a(|b)c$', ['ac', 'abc', 'abbc']],
  ['(a|ab)(c|bcd)(d*)', ['abcd', 'acd', 'bcd']],
  ['^(?:a|b)+$', ['abba', 'abc', '']],
  // Counted repetitions.
  ['^a{3}$', ['aa', 'aaa', 'aaaa']],
  ['^a{2,}$', ['a', 'aa', 'a'.repeat(50)]],
  ['^a{2,4}$', ['a', 'aa', 'aaaa', 'aaaaa']],
  ['^(ab){1,3}c$', ['c', 'abc', 'ababc', 'abababc', 'ababababc']],
  ['^x{0}y$', ['y', 'xy']],
  ['a{0}', ['', 'b']],
  ['^(a{2}){2}$', ['aaa', 'aaaa', 'aaaaa']],
  ['^(a{100}){5}$', ['a'.repeat(500), 'a'.repeat(499), 'a'.repeat(501)]],
  ['^x(){1000}y$', ['xy', 'x y']],
  ['^a{1,3}?b$', ['ab', 'aaab', 'aaaab']],
  // `{` that is no repetition is a literal.
  ['a{', ['a{', 'a']],
  ['a{,2}', ['a{,2}', 'aa']],
  ['^{x}$', ['{x}', 'x']],
  ['a{1,2,3}', ['a{1,2,3}', 'a']],
  ['a{1', ['a{1', 'a']],
  // Lazy quantifiers.
  ['a+?b', ['aab', 'b']],
  ['^a*?$', ['', 'aaa', 'ab']],
  ['^a??b$', ['b', 'ab', 'aab']],
  // Classes: ranges, `-` at either end, `]` first, escapes, negation.
  ['^[-a]+$', ['-a-', 'ab']],
  ['^[a-]+$', ['a-a', 'b']],
  ['^[a-c-e]+$', ['abc-e', 'd']],
  ['^[--/]+$', ['-./', ',']],
  [String.raw`^[\-x]$`, ['-', 'x', '\\']],
  ['^[]a]+$', [']a]', 'b']],
  ['^[^]a]$', [']', 'a', 'b']],
  [String.raw`^[a\]]+$`, ['a]', '\\']],
  [String.raw`^[\d-]+$`, ['1-2', 'a']],
  [String.raw`^[\w.-]+$`, ['a.b-c_d', 'a b']],
  ['^[^-]$', ['-', 'a']],
  ['^[^abc]+$', ['xyz', 'xaz']],
  ['^[^a-z]*$', ['ABC', 'aBC', '']],
  ['[^x]', ['\n', 'x', '']],
  [String.raw`^[\\\^\[]+$`, ['\\^[', 'a']],
  [String.raw`[\s\d]`, ['\t', '5', 'x']],
  [String.raw`^[^\d]+$`, ['abc', 'a1']],
  [String.raw`^[\D\s]+$`, ['a b', '1']],
  ['[[]', ['[', 'a']],
  // `.` is any character but `\n`.
  ['^a.c$', ['abc', 'a\nc', 'a\rc', 'a.c', 'ac']],
  ['^.*$', ['a\nb', 'ab', '']],
  ['.', ['', '\n', 'x']],
  // Perl classes (ASCII): \s is [\t\n\f\r ], without \v.
  [String.raw`^\d+$`, ['0123', '12a', '']],
  [String.raw`^\w+$`, ['a_1', 'a-1']],
  [String.raw`\s`, ['\t', '\n', '\f', '\r', ' ', '\v', 'x']],
  [String.raw`^\D+$`, ['abc', 'a1']],
  [String.raw`^\W+$`, ['.-', 'a']],
  [String.raw`^\S+$`, ['abc', 'a b', 'a\vb']],
  // Anchors anywhere.
  ['a^b', ['ab', 'a^b']],
  ['a$b', ['ab', 'a$b']],
  ['(^a|b$)', ['ax', 'xb', 'xa', 'bx']],
  [String.raw`x\Ay`, ['xy']],
  [String.raw`\Aabc\z`, ['abc', 'abcd', 'xabc']],
  ['^$', ['', 'a']],
  ['$', ['', 'abc']],
  ['^', ['', 'abc']],
  ['(^|,)a(,|$)', ['a', 'b,a', 'a,b', 'ba', 'b,ab']],
  ['^a|$', ['a', 'xa', 'xyz', '']],
  ['(^)*a', ['a', 'ba']],
  // The empty pattern matches everything.
  ['', ['', 'anything']],
  ['()', ['', 'x']],
  // Escaped punctuation and literal `]` `}`.
  [String.raw`\.\-\\\/\$\{\}\(\)\[\]\*\+\?\|\^`, [`.-\\/${DOLLAR}{}()[]*+?|^`, `.-\\/${DOLLAR}{}()[]*+?|`]],
  [String.raw`^\_\~\!\"\'\#\%\&\,\:\;\<\=\>\@\`$`, ['_~!"\'#%&,:;<=>@`', '_']],
  ['a]', ['a]', 'a']],
  ['^}$', ['}', '']],
  ['a b\tc', ['a b\tc', 'a bc']],
  // Nested repetitions, in linear time.
  ['(a*)*b', ['aaab', 'aaa', 'b']],
  ['(a|)+b', ['ab', 'a']],
  ['^(a*)+$', ['aaa', 'aab']],
  ['((a))', ['a', 'b']],
];

/** Cases the runtime must leave to the host. */
const slow: [pattern: unknown, value: unknown][] = [
  // Not ASCII.
  ['^h.llo$', 'héllo'],
  ['^é$', 'é'],
  ['a', 'ünïcode a'],
  // Flags, named groups, other escapes, POSIX and Unicode classes.
  ['(?i)abc', 'ABC'],
  ['(?s)a.b', 'a\nb'],
  ['(?m)^b', 'a\nb'],
  ['(?i:a)b', 'Ab'],
  ['(?P<x>a)', 'a'],
  ['(?<x>a)', 'a'],
  [String.raw`\bword`, 'a word'],
  [String.raw`\Bord`, 'word'],
  ['[[:alpha:]]+', 'abc'],
  ['[[:foo:]]', 'abc'],
  [String.raw`\pL`, 'a'],
  [String.raw`\p{Greek}`, 'a'],
  [String.raw`\Q.*\E`, '.*'],
  [String.raw`a\nb`, 'a\nb'],
  [String.raw`\x41`, 'A'],
  [String.raw`\101`, 'A'],
  [String.raw`\0`, 'a'],
  [String.raw`(a)\1`, 'aa'],
  [String.raw`\Z`, 'a'],
  [String.raw`[\n]`, '\n'],
  [String.raw`[a-\d]`, 'a'],
  // Syntax errors.
  ['a(b', 'ab'],
  ['a)', 'a)'],
  ['[a', 'a'],
  ['[]', ']'],
  ['x{2,1}', 'xx'],
  ['a{1001}', 'a'],
  ['a**', 'aa'],
  ['a*+', 'aa'],
  ['a{2}{3}', 'aaaaaa'],
  ['()*+', ''],
  ['*a', 'a'],
  ['a|*', 'a'],
  ['(*)', 'a'],
  ['{2}', 'a'],
  ['[z-a]', 'a'],
  ['a\\', 'a'],
  ['((){2}){600}', ''],
  ['(a{2}){600}', 'aa'],
  // Repeated anchors; leading zeros in counts (Go reads `{01}` as literal text).
  ['^*a', 'a'],
  ['$+', 'a'],
  ['a{01}', 'a{01}'],
  ['a{1,02}', 'a'],
  // Beyond the size limits.
  ['.{600}', 'x'.repeat(600)],
  ['^(a{20}){30}$', 'a'.repeat(600)],
  [`${'('.repeat(150)}a${')'.repeat(150)}`, 'a'],
  // Operands that are not both strings: undefined, as the host decides.
  [1, 'a'],
  ['a', 2],
  [['a'], 'a'],
  ['a', null],
];

describe('the regex.match fast path', () => {
  it('answers the common patterns in the runtime, as the host does', async () => {
    const { run, calls } = await matchPolicy();
    const answers = new Set<unknown>();
    for (const [pattern, values] of fast) {
      for (const value of values) {
        const { result, hostCalled } = run(pattern, value);
        expect(result, show(pattern, value)).toEqual(hostAnswer(pattern, value));
        expect(hostCalled, `${show(pattern, value)} is answered in the runtime`).toBe(false);
        answers.add((result as { result: unknown }[])[0]?.result);
      }
    }
    expect(calls.count).toBe(0);
    expect(answers).toEqual(new Set([true, false]));
  });

  it('leaves everything outside the subset to the host, which decides', async () => {
    const { run } = await matchPolicy();
    for (const [pattern, value] of slow) {
      const label = `${JSON.stringify(pattern)} on ${JSON.stringify(value)}`;
      const { result, hostCalled } = run(pattern, value);
      expect(result, label).toEqual(hostAnswer(pattern, value));
      expect(hostCalled, `${label} goes to the host`).toBe(true);
    }
  });

  it('runs in linear time where a backtracking engine would not finish', async () => {
    // The host's JavaScript engine backtracks exponentially on these: the answers are known.
    const { run } = await matchPolicy();
    const cases: [string, string, boolean][] = [
      ['(a+)+b', 'a'.repeat(5000), false],
      ['^(a|aa)*c$', 'a'.repeat(5000), false],
      ['(x+x+)+y', `${'x'.repeat(5000)}y`, true],
      [String.raw`^(\w+\s?)*$`, `${'word '.repeat(1000)}!`, false],
      ['(.*a){20}', 'a'.repeat(5000), true],
    ];
    const start = performance.now();
    for (const [pattern, value, expected] of cases) {
      const { result, hostCalled } = run(pattern, value);
      expect(result, show(pattern, value)).toEqual([{ result: expected }]);
      expect(hostCalled).toBe(false);
    }
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('answers re_match, the deprecated alias, the same way', async () => {
    const { run } = await matchPolicy('re_match');
    for (const [pattern, value] of [
      [DNS_LABEL, 'my-app'],
      [DNS_LABEL, 'My-App'],
    ]) {
      const { result, hostCalled } = run(pattern, value);
      expect(result).toEqual(hostAnswer(pattern, value));
      expect(hostCalled).toBe(false);
    }
    expect(run('(?i)abc', 'ABC')).toEqual({ result: [{ result: true }], hostCalled: true });
  });
});

// ---------------------------------------------------------------------------
// Generated patterns: random syntax trees of the subset, printed with its
// spellings (escapes, lazy marks, `-` first or last in classes...), tried on
// random strings and on strings sampled from the pattern (so that many
// match), all compared with the host.

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

type ClassItem =
  | { kind: 'char'; c: string }
  | { kind: 'range'; lo: string; hi: string }
  | { kind: 'perl'; l: string };
type Node =
  | { kind: 'lit'; c: string }
  | { kind: 'dot' }
  | { kind: 'perl'; l: string }
  | { kind: 'class'; negated: boolean; items: ClassItem[] }
  | { kind: 'anchor'; a: '^' | '$' | '\\A' | '\\z' }
  | { kind: 'group'; capture: boolean; sub: Node }
  | { kind: 'cat'; subs: Node[] }
  | { kind: 'alt'; subs: Node[] }
  | { kind: 'repeat'; min: number; max: number; op: string; lazy: boolean; sub: Node };

/** The characters of the generated strings and literals. */
const ALPHABET = ['a', 'b', 'c', 'A', '1', '-', '.', '_', '/', ' ', '$', '{', '\n', '\t'];
const META = new Set('\\.+*?()|[]{}^$'.split(''));

function perlHas(l: string, c: string): boolean {
  const lower = l.toLowerCase();
  const has =
    lower === 'd' ? /[0-9]/.test(c) : lower === 'w' ? /[0-9A-Za-z_]/.test(c) : '\t\n\f\r '.includes(c);
  return l === lower ? has : !has;
}

function classHas(n: Extract<Node, { kind: 'class' }>, c: string): boolean {
  const has = n.items.some((i) =>
    i.kind === 'char' ? i.c === c : i.kind === 'range' ? i.lo <= c && c <= i.hi : perlHas(i.l, c),
  );
  return has !== n.negated;
}

function generator(seed: number) {
  const r = prng(seed);
  const charItem = (): ClassItem => {
    if (r.next() < 0.3) {
      const a = r.pick(ALPHABET.filter((c) => c !== '\n' && c !== '\t'));
      const b = r.pick(ALPHABET.filter((c) => c !== '\n' && c !== '\t'));
      return a <= b ? { kind: 'range', lo: a, hi: b } : { kind: 'range', lo: b, hi: a };
    }
    if (r.next() < 0.2) return { kind: 'perl', l: r.pick(['d', 'w', 's', 'D', 'W', 'S']) };
    return { kind: 'char', c: r.pick(ALPHABET.filter((c) => c !== '\n' && c !== '\t')) };
  };
  const atom = (depth: number): Node => {
    const x = r.next();
    if (depth < 3 && x < 0.2) {
      return { kind: 'group', capture: r.next() < 0.5, sub: alt(depth + 1) };
    }
    if (x < 0.55) return { kind: 'lit', c: r.pick(ALPHABET.filter((c) => c !== '\n' && c !== '\t')) };
    if (x < 0.65) return { kind: 'dot' };
    if (x < 0.72) return { kind: 'perl', l: r.pick(['d', 'w', 's', 'D', 'W', 'S']) };
    if (x < 0.92) {
      const items = Array.from({ length: 1 + r.int(3) }, charItem);
      return { kind: 'class', negated: r.next() < 0.25, items };
    }
    return { kind: 'anchor', a: r.pick(['^', '$', '\\A', '\\z'] as const) };
  };
  const piece = (depth: number): Node => {
    const a = atom(depth);
    if (a.kind === 'anchor' || r.next() < 0.6) return a;
    const lazy = r.next() < 0.2;
    switch (r.int(6)) {
      case 0:
        return { kind: 'repeat', min: 0, max: -1, op: '*', lazy, sub: a };
      case 1:
        return { kind: 'repeat', min: 1, max: -1, op: '+', lazy, sub: a };
      case 2:
        return { kind: 'repeat', min: 0, max: 1, op: '?', lazy, sub: a };
      case 3: {
        const n = r.int(4);
        return { kind: 'repeat', min: n, max: n, op: `{${n}}`, lazy, sub: a };
      }
      case 4: {
        const n = r.int(3);
        return { kind: 'repeat', min: n, max: -1, op: `{${n},}`, lazy, sub: a };
      }
      default: {
        const n = r.int(3);
        const m = n + r.int(3);
        return { kind: 'repeat', min: n, max: m, op: `{${n},${m}}`, lazy, sub: a };
      }
    }
  };
  const cat = (depth: number): Node => ({
    kind: 'cat',
    subs: Array.from({ length: r.next() < 0.1 ? 0 : 1 + r.int(3) }, () => piece(depth)),
  });
  const alt = (depth: number): Node => {
    const n = r.next() < 0.7 ? 1 : 2 + r.int(2);
    return n === 1 ? cat(depth) : { kind: 'alt', subs: Array.from({ length: n }, () => cat(depth)) };
  };

  // Escaped punctuation is itself (letters, digits and space are not escaped: `\\a` is a bell).
  const escapable = (c: string) => c > ' ' && c < '\x7f' && !/[0-9A-Za-z]/.test(c);
  const escapeLiteral = (c: string) => (META.has(c) || (escapable(c) && r.next() < 0.3) ? `\\${c}` : c);
  const classChar = (c: string) => (']\\[^-'.includes(c) || (escapable(c) && r.next() < 0.2) ? `\\${c}` : c);
  const print = (n: Node): string => {
    switch (n.kind) {
      case 'lit':
        return /[A-Za-z0-9]/.test(n.c) || n.c === '\n' || n.c === '\t' ? n.c : escapeLiteral(n.c);
      case 'dot':
        return '.';
      case 'perl':
        return `\\${n.l}`;
      case 'anchor':
        return n.a;
      case 'class': {
        let body = '';
        let dashLast = false;
        for (const [i, item] of n.items.entries()) {
          if (item.kind === 'char' && item.c === '-' && r.next() < 0.5) {
            // An unescaped `-` first or last is literal.
            if (i === 0) {
              body += '-';
              continue;
            }
            if (i === n.items.length - 1) {
              dashLast = true;
              continue;
            }
          }
          if (item.kind === 'char') body += classChar(item.c);
          else if (item.kind === 'range') body += `${classChar(item.lo)}-${classChar(item.hi)}`;
          else body += `\\${item.l}`;
        }
        return `[${n.negated ? '^' : ''}${body}${dashLast ? '-' : ''}]`;
      }
      case 'group':
        return `(${n.capture ? '' : '?:'}${print(n.sub)})`;
      case 'cat':
        return n.subs.map(print).join('');
      case 'alt':
        return n.subs.map(print).join('|');
      case 'repeat': {
        const sub =
          n.sub.kind === 'group' || (n.sub.kind !== 'cat' && n.sub.kind !== 'alt')
            ? print(n.sub)
            : `(?:${print(n.sub)})`;
        return `${sub}${n.op}${n.lazy ? '?' : ''}`;
      }
    }
  };

  /** A string the pattern (ignoring its anchors) likely matches. */
  const sample = (n: Node): string => {
    switch (n.kind) {
      case 'lit':
        return n.c;
      case 'dot':
        return r.pick(ALPHABET.filter((c) => c !== '\n'));
      case 'perl':
        return r.pick(ALPHABET.filter((c) => perlHas(n.l, c))) ?? '';
      case 'class':
        return r.pick(ALPHABET.filter((c) => classHas(n, c))) ?? '';
      case 'anchor':
        return '';
      case 'group':
        return sample(n.sub);
      case 'cat':
        return n.subs.map(sample).join('');
      case 'alt':
        return sample(r.pick(n.subs));
      case 'repeat': {
        const k = n.max < 0 ? n.min + r.int(3) : n.min + r.int(n.max - n.min + 1);
        return Array.from({ length: k }, () => sample(n.sub)).join('');
      }
    }
  };

  const randomString = () => Array.from({ length: r.int(8) }, () => r.pick(ALPHABET)).join('');
  /** A sample with a character changed, added or removed. */
  const mutate = (s: string) => {
    const i = r.int(s.length + 1);
    const op = r.int(3);
    if (op === 0) return s.slice(0, i) + r.pick(ALPHABET) + s.slice(i);
    if (op === 1) return s.slice(0, i) + s.slice(i + 1);
    return s.slice(0, i) + r.pick(ALPHABET) + s.slice(i + 1);
  };

  /** About the size of the compiled program: the patterns stay well within the runtime's limit. */
  const size = (n: Node): number => {
    switch (n.kind) {
      case 'group':
        return size(n.sub);
      case 'cat':
        return n.subs.reduce((a, b) => a + size(b), 0);
      case 'alt':
        return n.subs.reduce((a, b) => a + size(b), 0) + 2 * (n.subs.length - 1);
      case 'repeat': {
        const s = size(n.sub);
        return n.max < 0 ? Math.max(n.min, 1) * s + 2 : n.max * s + (n.max - n.min);
      }
      default:
        return 1;
    }
  };

  return {
    next(): { pattern: string; values: string[] } {
      let tree = alt(0);
      while (size(tree) > 200) tree = alt(0);
      // Half of them anchored at both ends: an unanchored search often matches anything.
      if (r.next() < 0.5) {
        tree = {
          kind: 'cat',
          subs: [
            { kind: 'anchor', a: '^' },
            { kind: 'group', capture: false, sub: tree },
            { kind: 'anchor', a: '$' },
          ],
        };
      }
      const values = [randomString(), randomString()];
      for (let i = 0; i < 4; i++) {
        const s = sample(tree);
        values.push(s, mutate(s));
      }
      return {
        pattern: print(tree),
        values: values.map((v) => (r.next() < 0.2 ? `${randomString()}${v}` : v)),
      };
    },
  };
}

describe('the regex.match fast path on generated patterns', () => {
  it('agrees with the host on 400 random patterns of the subset, without calling it', async () => {
    const { run } = await matchPolicy();
    const gen = generator(20240611);
    let matched = 0;
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const { pattern, values } = gen.next();
      for (const value of values) {
        const { result, hostCalled } = run(pattern, value);
        const expected = hostAnswer(pattern, value);
        expect(expected, `the host answers ${show(pattern, value)}`).toHaveLength(1);
        expect(result, show(pattern, value)).toEqual(expected);
        expect(hostCalled, `${show(pattern, value)} is answered in the runtime`).toBe(false);
        total++;
        if ((result as { result: boolean }[])[0].result) matched++;
      }
    }
    // The samples make both answers common.
    expect(matched).toBeGreaterThan(total / 4);
    expect(matched).toBeLessThan((total * 3) / 4);
  });
});
