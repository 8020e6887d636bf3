// net.cidr_* builtins with the semantics of Go's net package as OPA uses it:
// addresses are byte strings (4 bytes for IPv4, 16 for IPv6, IPv4-mapped
// IPv6 counting as IPv4), networks keep the length of their mask, and
// strings print as Go prints them (RFC 5952 for IPv6).

import { fail, stringOperand } from './errors.js';
import {
  type Exact,
  type ExactRecord,
  exactType,
  makeSet,
  objectEntries,
  type RegoObject,
  RegoSet,
} from './exact.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

type IP = Uint8Array;

interface IPNet {
  ip: IP;
  mask: IP;
}

const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    // Go rejects leading zeros (ambiguous octal) since 1.17.
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

function parseIPv6(s: string): number[] | null {
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return null;
  }
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4(f);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return null;
        out.push(Number.parseInt(f, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return null;
  // The embedded IPv4 form may only end the address.
  if (dbl >= 0 && head.includes('.')) return null;
  let all: number[];
  if (dbl >= 0) {
    if (h.length + t.length > 7) return null;
    all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  } else {
    if (h.length !== 8) return null;
    all = h;
  }
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Go's net.ParseIP: a 16-byte address (IPv4 as IPv4-mapped), or null. */
function parseIP(s: string): { ip: IP; is4: boolean } | null {
  const v4 = parseIPv4(s);
  if (v4) return { ip: Uint8Array.from([...V4_IN_V6_PREFIX, ...v4]), is4: true };
  if (!s.includes(':')) return null;
  const v6 = parseIPv6(s);
  return v6 ? { ip: Uint8Array.from(v6), is4: false } : null;
}

/** IP.To4: the 4-byte form of an IPv4 or IPv4-mapped address, or null. */
function to4(ip: IP): IP | null {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b)) return ip.subarray(12);
  return null;
}

function cidrMask(ones: number, bits: number): IP {
  const mask = new Uint8Array(bits / 8);
  for (let i = 0; i < ones; i++) mask[i >> 3] |= 0x80 >> (i & 7);
  return mask;
}

function applyMask(ip: IP, mask: IP): IP {
  let addr = ip;
  if (mask.length === 4 && ip.length === 16) addr = to4(ip) ?? ip;
  if (mask.length !== addr.length) return addr;
  return addr.map((b, i) => b & mask[i]);
}

/** Go's net.ParseCIDR. */
function parseCIDR(s: string): { ip: IP; net: IPNet } {
  const slash = s.indexOf('/');
  const parsed = slash < 0 ? null : parseIP(s.slice(0, slash));
  const prefix = s.slice(slash + 1);
  const bits = parsed?.is4 ? 32 : 128;
  if (!parsed || !/^\d+$/.test(prefix) || Number(prefix) > bits) fail(`invalid CIDR address: ${s}`);
  const mask = cidrMask(Number(prefix), bits);
  return { ip: parsed.ip, net: { ip: applyMask(parsed.ip, mask), mask } };
}

/** The network number and mask of the same length (Go's networkNumberAndMask). */
function networkAndMask(n: IPNet): { ip: IP; mask: IP } | null {
  const ip = to4(n.ip) ?? n.ip;
  let mask = n.mask;
  if (mask.length === 4 && ip.length !== 4) return null;
  if (mask.length === 16 && ip.length === 4) mask = mask.subarray(12);
  return { ip, mask };
}

function contains(n: IPNet, addr: IP): boolean {
  const nm = networkAndMask(n);
  if (!nm) return false;
  const ip = to4(addr) ?? addr;
  if (ip.length !== nm.ip.length) return false;
  return ip.every((b, i) => (b & nm.mask[i]) === (nm.ip[i] & nm.mask[i]));
}

/** The last address of a network. */
function lastIP(n: IPNet): IP {
  const nm = networkAndMask(n)!;
  return nm.ip.map((b, i) => (b & nm.mask[i]) | (~nm.mask[i] & 0xff));
}

function ipString(ip: IP): string {
  const v4 = to4(ip);
  if (v4) return [...v4].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  // RFC 5952: compress the first longest run of two or more zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

function prefixLength(mask: IP): number {
  let ones = 0;
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      if (b & (1 << bit)) ones++;
      else return ones;
    }
  }
  return ones;
}

function netString(n: IPNet): string {
  const nm = networkAndMask(n)!;
  return `${ipString(nm.ip)}/${prefixLength(nm.mask)}`;
}

function cidrOperand(v: Value, pos: number): IPNet {
  return parseCIDR(stringOperand(v, pos)).net;
}

function cidrContains(a: Value, b: Value): boolean {
  const net = cidrOperand(a, 1);
  const text = stringOperand(b, 2);
  const ip = parseIP(text);
  if (ip) return contains(net, ip.ip);
  let inner: IPNet;
  try {
    inner = parseCIDR(text).net;
  } catch {
    fail(`not a valid textual representation of an IP address or CIDR: ${text}`);
  }
  return contains(net, inner.ip) && contains(net, lastIP(inner));
}

// ---------------------------------------------------------------------------
// net.cidr_contains_matches

/**
 * Each CIDR of an operand with its "index": a string is its own index, an
 * array's elements are indexed by position, an object's by key, and a set's
 * by the element itself (so a set of [cidr, label] tuples reports the tuples).
 */
function matchOperand(v: Exact, pos: number): [Exact, Exact][] {
  const cidrOf = (x: Exact): Exact => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x) && !(x instanceof RegoSet) && x.length > 0) return x[0];
    fail(`operand ${pos}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') return [[v, v]];
  if (v instanceof RegoSet) return v.map((x): [Exact, Exact] => [cidrOf(x), x]);
  if (Array.isArray(v)) return v.map((x, i): [Exact, Exact] => [cidrOf(x), i]);
  if (exactType(v) === 'object') {
    return objectEntries(v as ExactRecord | RegoObject).map(([k, x]): [Exact, Exact] => [cidrOf(x), k]);
  }
  return [];
}

function containsMatches(a: Exact, b: Exact): RegoSet {
  const pairs: Exact[] = [];
  for (const [cidr1, index1] of matchOperand(a, 1)) {
    for (const [cidr2, index2] of matchOperand(b, 2)) {
      if (cidrContains(cidr1 as Value, cidr2 as Value)) pairs.push([index1, index2]);
    }
  }
  return makeSet(pairs);
}

// ---------------------------------------------------------------------------
// net.cidr_expand

/** More addresses than this is a mistake, not a policy: OPA would run until its deadline. */
const MAX_EXPANSION = 1 << 20;

function expand(s: string): string[] {
  const { net } = parseCIDR(s);
  const nm = networkAndMask(net)!;
  const hostBits = nm.mask.length * 8 - prefixLength(nm.mask);
  if (hostBits > 20)
    fail(`${s} has ${2n ** BigInt(hostBits)} addresses; rtpolicy expands at most ${MAX_EXPANSION}`);
  const out: string[] = [];
  const ip = Uint8Array.from(nm.ip);
  for (let n = 0; n < 2 ** hostBits; n++) {
    out.push(ipString(ip));
    for (let j = ip.length - 1; j >= 0; j--) {
      ip[j] = (ip[j] + 1) & 0xff;
      if (ip[j] !== 0) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// net.cidr_merge (after netaddr's algorithm, as OPA implements it)

interface Range {
  first: IP;
  last: IP;
  /** The original network when the range was not merged with another. */
  net: IPNet | null;
}

function compareBytes(a: IP, b: IP): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Go's ip.DefaultMask(): the classful mask of an IPv4 address. */
function defaultMask(ip4: IP): IP {
  if (ip4[0] < 0x80) return cidrMask(8, 32);
  if (ip4[0] < 0xc0) return cidrMask(16, 32);
  return cidrMask(24, 32);
}

function mergeOperandNet(x: Value): IPNet {
  if (typeof x !== 'string') fail('element must be string');
  const ip = parseIP(x);
  if (!ip) return parseCIDR(x).net;
  const v4 = to4(ip.ip);
  if (!v4) fail('IPv6 invalid: needs prefix length');
  // An address without a prefix gets its classful default mask, unmasked, as OPA does.
  return { ip: ip.ip, mask: defaultMask(v4) };
}

/** The address before `ip`; the zero address has none and stays itself. */
function previousIP(ip: IP): IP {
  const out = Uint8Array.from(ip);
  if (out.every((b) => b === 0)) return out;
  for (let j = out.length - 1; j >= 0; j--) {
    out[j] = (out[j] - 1) & 0xff;
    if (out[j] !== 0xff) break;
  }
  return out;
}

function toBigInt(ip: IP): bigint {
  return ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function fromBigInt(n: bigint, length: number): IP {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** The fewest CIDRs covering [first, last]. */
function rangeToCIDRs(first: IP, last: IP): IPNet[] {
  const bits = first.length * 8;
  let start = toBigInt(first);
  const end = toBigInt(last);
  const out: IPNet[] = [];
  while (start <= end) {
    let size = 0;
    // The largest aligned block starting at `start` that ends within the range.
    while (
      size < bits &&
      (start & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      start + (1n << BigInt(size + 1)) - 1n <= end
    ) {
      size++;
    }
    out.push({ ip: fromBigInt(start, first.length), mask: cidrMask(bits - size, bits) });
    start += 1n << BigInt(size);
  }
  return out;
}

function merge(items: Value): string[] {
  if (!Array.isArray(items)) fail('operand must be an array');
  const ranges: Range[] = items.map((x) => {
    const net = mergeOperandNet(x);
    const nm = networkAndMask(net)!;
    const first = nm.ip.map((b, i) => b & nm.mask[i]);
    return { first, last: lastIP(net), net };
  });
  ranges.sort((a, b) => compareBytes(a.last, b.last) || compareBytes(a.first, b.first));
  for (let i = ranges.length - 1; i > 0; i--) {
    if (compareBytes(previousIP(ranges[i].first), ranges[i - 1].last) <= 0) {
      const first =
        compareBytes(ranges[i - 1].first, ranges[i].first) < 0 ? ranges[i - 1].first : ranges[i].first;
      ranges[i - 1] = { first, last: ranges[i].last, net: null };
      ranges.splice(i, 1);
    }
  }
  const out = new Set<string>();
  for (const r of ranges) {
    if (r.net) out.add(netString(r.net));
    else for (const n of rangeToCIDRs(r.first, r.last)) out.add(netString(n));
  }
  return [...out];
}

export const netBuiltins: HostImplementations = {
  'net.cidr_contains': (a: Value, b: Value) => cidrContains(a, b),
  'net.cidr_overlap': (a: Value, b: Value) => cidrContains(a, b),
  'net.cidr_intersects': (a: Value, b: Value) => {
    const x = cidrOperand(a, 1);
    const y = cidrOperand(b, 2);
    return contains(x, y.ip) || contains(y, x.ip);
  },
  'net.cidr_is_valid': (s: Value) => {
    if (typeof s !== 'string') return false;
    try {
      parseCIDR(s);
      return true;
    } catch {
      return false;
    }
  },
  'net.cidr_expand': (s: Value) => expand(stringOperand(s, 1)),
  'net.cidr_merge': (items: Value) => merge(items),
  'net.cidr_contains_matches': (a: Exact, b: Exact) => containsMatches(a, b),
};
