// semver.is_valid and semver.compare, with OPA's parser (internal/semver):
// MAJOR.MINOR.PATCH[-PRERELEASE][+METADATA], an optional leading "v", and
// precedence as in SemVer 2.0 section 11 (metadata is ignored).

import { fail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import { compareStrings, type Value } from './values.js';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  preRelease: string;
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64_MAX = 2n ** 63n - 1n;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Go's strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > INT64_MAX || n < -INT64_MAX - 1n ? undefined : n;
}

export function parseSemver(text: string): Version | undefined {
  const [withPreRelease, metadata] = cut(text.startsWith('v') ? text.slice(1) : text, '+');
  if (metadata !== '' && !IDENTIFIERS.test(metadata)) return undefined;
  const [version, preRelease] = cut(withPreRelease, '-');
  if (preRelease !== '' && !IDENTIFIERS.test(preRelease)) return undefined;
  const parts = version.split('.');
  if (parts.length !== 3) return undefined;
  const [major, minor, patch] = parts.map(parseInt64);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  return { major, minor, patch, preRelease };
}

const isNumeric = (s: string) => /^\d+$/.test(s);

export function compareSemver(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] > b[k] ? 1 : -1;
  }
  if (a.preRelease === b.preRelease) return 0;
  // A version without a pre-release is greater.
  if (a.preRelease === '') return 1;
  if (b.preRelease === '') return -1;
  const xs = a.preRelease.split('.');
  const ys = b.preRelease.split('.');
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    const xn = isNumeric(x);
    const yn = isNumeric(y);
    // Numeric identifiers have lower precedence than alphanumeric ones.
    if (xn !== yn) return xn ? -1 : 1;
    const c = xn
      ? BigInt(x) > BigInt(y)
        ? 1
        : BigInt(x) < BigInt(y)
          ? -1
          : 0
      : Math.sign(compareStrings(x, y));
    if (c !== 0) return c;
  }
  return Math.sign(xs.length - ys.length);
}

function versionOperand(v: Value, pos: number): Version {
  const s = stringOperand(v, pos);
  const parsed = parseSemver(s);
  if (!parsed) fail(`operand ${pos}: string ${JSON.stringify(s)} is not a valid SemVer`);
  return parsed;
}

export const semverBuiltins: HostImplementations = {
  'semver.is_valid': (v: Value) => typeof v === 'string' && parseSemver(v) !== undefined,
  'semver.compare': (a: Value, b: Value) => compareSemver(versionOperand(a, 1), versionOperand(b, 2)),
};
