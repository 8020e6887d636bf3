// io.jwt.decode and the io.jwt.verify_* builtins (JWS compact form). Keys
// for the asymmetric algorithms may be a PEM certificate, a PEM public key,
// a JWK or a JWK set (the token verifies when any key of the set verifies
// it), as OPA accepts. io.jwt.decode_verify and io.jwt.encode_sign* are not
// implemented (see docs/builtins.md).

import {
  constants,
  createHmac,
  createPublicKey,
  type KeyObject,
  timingSafeEqual,
  verify,
  X509Certificate,
} from 'node:crypto';
import { fail, stringOperand } from './errors.js';
import type { HostImplementations } from './types.js';
import { isObject, type Result, type Value } from './values.js';

interface Token {
  header: string;
  payload: string;
  signature: Buffer;
  /** `header.payload`, the signed bytes. */
  signingInput: string;
}

function base64UrlBytes(s: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s)) fail(`JWT ${what} had invalid encoding: illegal base64 data`);
  return Buffer.from(s.replace(/=+$/, ''), 'base64url');
}

function splitToken(v: Value): Token {
  const token = stringOperand(v, 1);
  const parts = token.split('.');
  if (parts.length === 1) fail('encoded JWT had no period separators');
  if (parts.length !== 3) fail(`encoded JWT must have 3 sections, found ${parts.length}`);
  return {
    header: parts[0],
    payload: parts[1],
    signature: base64UrlBytes(parts[2], 'signature'),
    signingInput: `${parts[0]}.${parts[1]}`,
  };
}

function decodeJsonPart(part: string, what: string): { [key: string]: Value } {
  let value: unknown;
  try {
    value = JSON.parse(base64UrlBytes(part, what).toString('utf8'));
  } catch {
    fail(`JWT ${what} had invalid encoding: not a JSON object`);
  }
  if (!isObject(value)) fail(`JWT ${what} had invalid encoding: not a JSON object`);
  return value;
}

function decode(v: Value): Result {
  const token = splitToken(v);
  const header = decodeJsonPart(token.header, 'header');
  if (header.enc !== undefined) fail('JWT is a JWE object, which is not supported');
  const payload = decodeJsonPart(token.payload, 'payload');
  return [header, payload, token.signature.toString('hex')];
}

/** The public keys in a PEM certificate, PEM public key, JWK or JWK set. */
function publicKeys(material: string): KeyObject[] {
  const text = material.trim();
  if (text.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      fail('failed to parse a JWK key (set)');
    }
    const keys = isObject(jwk) && Array.isArray(jwk.keys) ? jwk.keys : [jwk];
    return keys.map((k) => createPublicKey({ key: k as import('node:crypto').JsonWebKey, format: 'jwk' }));
  }
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    return certs.map((pem) => new X509Certificate(pem).publicKey);
  }
  try {
    return [createPublicKey(text)];
  } catch {
    fail('failed to parse a PEM certificate or public key');
  }
}

function verifyHmac(hashName: string) {
  return (token: Value, secret: Value) => {
    const t = splitToken(token);
    const key = Buffer.from(stringOperand(secret, 2), 'utf8');
    const expected = createHmac(hashName, key).update(t.signingInput, 'utf8').digest();
    return expected.length === t.signature.length && timingSafeEqual(expected, t.signature);
  };
}

type AsymmetricKind = 'rsa' | 'pss' | 'ecdsa' | 'eddsa';

function verifyAsymmetric(kind: AsymmetricKind, hashName: string | null) {
  return (token: Value, certificate: Value) => {
    const t = splitToken(token);
    const keys = publicKeys(stringOperand(certificate, 2));
    const data = Buffer.from(t.signingInput, 'utf8');
    return keys.some((key) => {
      try {
        switch (kind) {
          case 'rsa':
            return verify(hashName, data, key, t.signature);
          case 'pss':
            return verify(
              hashName,
              data,
              { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
              t.signature,
            );
          case 'ecdsa':
            // JWS carries ECDSA signatures as r || s.
            return verify(hashName, data, { key, dsaEncoding: 'ieee-p1363' }, t.signature);
          default:
            return verify(null, data, key, t.signature);
        }
      } catch {
        // A key of the wrong type for the algorithm does not verify.
        return false;
      }
    });
  };
}

export const jwtBuiltins: HostImplementations = {
  'io.jwt.decode': (token: Value) => decode(token),
  'io.jwt.verify_hs256': verifyHmac('sha256'),
  'io.jwt.verify_hs384': verifyHmac('sha384'),
  'io.jwt.verify_hs512': verifyHmac('sha512'),
  'io.jwt.verify_rs256': verifyAsymmetric('rsa', 'sha256'),
  'io.jwt.verify_rs384': verifyAsymmetric('rsa', 'sha384'),
  'io.jwt.verify_rs512': verifyAsymmetric('rsa', 'sha512'),
  'io.jwt.verify_ps256': verifyAsymmetric('pss', 'sha256'),
  'io.jwt.verify_ps384': verifyAsymmetric('pss', 'sha384'),
  'io.jwt.verify_ps512': verifyAsymmetric('pss', 'sha512'),
  'io.jwt.verify_es256': verifyAsymmetric('ecdsa', 'sha256'),
  'io.jwt.verify_es384': verifyAsymmetric('ecdsa', 'sha384'),
  'io.jwt.verify_es512': verifyAsymmetric('ecdsa', 'sha512'),
  'io.jwt.verify_eddsa': verifyAsymmetric('eddsa', null),
};
