// Hashes and HMACs through node:crypto: crypto.md5/sha1/sha256 and
// crypto.hmac.* return lowercase hex of the UTF-8 bytes' digest, as OPA does;
// crypto.hmac.equal compares in constant time.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import type { Value } from './values.js';

const hash = (algorithm: string) => (s: Value) =>
  createHash(algorithm).update(stringOperand(s, 1), 'utf8').digest('hex');

const hmac = (algorithm: string) => (message: Value, key: Value) => {
  const m = stringOperand(message, 1);
  const k = stringOperand(key, 2);
  return createHmac(algorithm, Buffer.from(k, 'utf8')).update(m, 'utf8').digest('hex');
};

export const cryptoBuiltins: HostImplementations = {
  'crypto.md5': hash('md5'),
  'crypto.sha1': hash('sha1'),
  'crypto.sha256': hash('sha256'),
  'crypto.hmac.md5': hmac('md5'),
  'crypto.hmac.sha1': hmac('sha1'),
  'crypto.hmac.sha256': hmac('sha256'),
  'crypto.hmac.sha512': hmac('sha512'),
  'crypto.hmac.equal': (a: Value, b: Value) => {
    const x = Buffer.from(stringOperand(a, 1), 'utf8');
    const y = Buffer.from(stringOperand(b, 2), 'utf8');
    return x.length === y.length && timingSafeEqual(x, y);
  },
};
