// uuid.rfc4122 (a random version 4 UUID, the same for the same key within an
// evaluation) and uuid.parse (google/uuid's formats and the fields OPA
// reports: version, variant, and for versions 1 and 2 the time, clock
// sequence, node id and MAC flags).

import { randomBytes } from 'node:crypto';
import { EvaluationCache, type RuntimeOptions } from './context.js';
import { stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import type { Result, Value } from './values.js';

function newUuid(): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 bytes of a UUID in any form google/uuid accepts, or undefined. */
function uuidBytes(s: string): Buffer | undefined {
  let hex: string;
  if (s.length === 36 + 9 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') s = s.slice(9);
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') s = s.slice(1, 37);
  if (s.length === 36) {
    if (s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return undefined;
    hex = s.replaceAll('-', '');
  } else if (s.length === 32) {
    hex = s;
  } else {
    return undefined;
  }
  return /^[0-9a-fA-F]{32}$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function macVariables(b: number): string {
  if ((b & 0b11) === 0b11) return 'local:multicast';
  if (b & 0b01) return 'global:multicast';
  if (b & 0b10) return 'local:unicast';
  return 'global:unicast';
}

/** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
const GREGORIAN_OFFSET = 122192928000000000n;

function parseUuid(s: string): Result | undefined {
  const b = uuidBytes(s);
  if (!b) return undefined;
  const version = b[6] >> 4;
  const out: { [key: string]: Result } = { version, variant: variant(b[8]) };
  if (version === 1 || version === 2) {
    const t =
      BigInt(b.readUInt32BE(0)) |
      (BigInt(b.readUInt16BE(4)) << 32n) |
      (BigInt(b.readUInt16BE(6) & 0x0fff) << 48n);
    out.time = (t - GREGORIAN_OFFSET) * 100n;
    out.clocksequence = b.readUInt16BE(8) & 0x3fff;
    out.nodeid = [...b.subarray(10)].map((x) => x.toString(16).padStart(2, '0')).join('-');
    out.macvariables = macVariables(b[10]);
    if (version === 2) {
      out.id = b.readUInt32BE(0);
      out.domain = ['Person', 'Group', 'Org'][b[9]] ?? `Domain${b[9]}`;
    }
  }
  return out;
}

export function uuidBuiltins(_options: RuntimeOptions): HostImplementations {
  const issued = new EvaluationCache<string, string>();
  return {
    'uuid.rfc4122': (key: Value) => issued.get(stringOperand(key, 1), newUuid),
    // OPA makes an unparsable UUID undefined, without an error.
    'uuid.parse': (s: Value) => parseUuid(stringOperand(s, 1)),
  };
}
