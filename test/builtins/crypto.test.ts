import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, callError } from './helpers.js';

describe('crypto hashes and HMACs', () => {
  it('returns lowercase hex digests of the UTF-8 bytes', () => {
    expect(call('crypto.md5', 'hello')).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(call('crypto.sha1', 'hello')).toBe('aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    expect(call('crypto.sha256', 'hello')).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
    // Multi-byte characters are hashed as UTF-8 (value from coreutils: printf é | sha1sum).
    expect(call('crypto.sha1', 'é')).toBe('bf15be717ac1b080b4f1c456692825891ff5073d');
    expect(call('crypto.hmac.sha256', 'hello', 'key')).toBe(
      '9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b',
    );
    expect(call('crypto.hmac.md5', 'hello', 'key')).toBe('04130747afca4d79e32e87cf2104f087');
    expect((call('crypto.hmac.sha512', 'hello', 'key') as string).length).toBe(128);
    expect(call('crypto.hmac.equal', 'abc', 'abc')).toBe(true);
    expect(call('crypto.hmac.equal', 'abc', 'abd')).toBe(false);
    expect(call('crypto.hmac.equal', 'abc', 'ab')).toBe(false);
    expect(callError('crypto.sha256', 1).code).toBe('eval_type_error');
  });
});

describe('io.jwt', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = b64({ sub: 'me', iss: 'rtpolicy' });
  const token = (alg: string, signer: (data: Buffer) => Buffer) => {
    const input = `${b64({ alg, typ: 'JWT' })}.${payload}`;
    return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
  };
  // jwt.io's example token, signed with HS256 and the secret "your-256-bit-secret".
  const jwtIo =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

  it('decodes header, payload and the signature as hex', () => {
    expect(call('io.jwt.decode', jwtIo)).toEqual([
      { alg: 'HS256', typ: 'JWT' },
      { sub: '1234567890', name: 'John Doe', iat: 1516239022 },
      '49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397',
    ]);
    expect(callError('io.jwt.decode', 'abc').message).toBe(
      'io.jwt.decode: encoded JWT had no period separators',
    );
    expect(callError('io.jwt.decode', 'a.b').message).toBe(
      'io.jwt.decode: encoded JWT must have 3 sections, found 2',
    );
  });

  it('verifies HMAC signatures', () => {
    expect(call('io.jwt.verify_hs256', jwtIo, 'your-256-bit-secret')).toBe(true);
    expect(call('io.jwt.verify_hs256', jwtIo, 'wrong')).toBe(false);
    expect(call('io.jwt.verify_hs512', jwtIo, 'your-256-bit-secret')).toBe(false);
  });

  it('verifies RSA, RSA-PSS, ECDSA and EdDSA signatures with PEM keys and JWKs', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const rsaJwks = JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] });
    const rs256 = token('RS256', (d) => sign('sha256', d, rsa.privateKey));
    const ps256 = token('PS256', (d) =>
      sign('sha256', d, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    );
    const es256 = token('ES256', (d) => sign('sha256', d, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }));
    const eddsa = token('EdDSA', (d) => sign(null, d, ed.privateKey));
    expect(call('io.jwt.verify_rs256', rs256, rsaPem)).toBe(true);
    expect(call('io.jwt.verify_rs256', rs256, rsaJwks)).toBe(true);
    expect(call('io.jwt.verify_ps256', ps256, rsaPem)).toBe(true);
    expect(call('io.jwt.verify_es256', es256, ec.publicKey.export({ type: 'spki', format: 'pem' }))).toBe(
      true,
    );
    expect(call('io.jwt.verify_eddsa', eddsa, ed.publicKey.export({ type: 'spki', format: 'pem' }))).toBe(
      true,
    );
    // A signature checked against the wrong key or algorithm does not verify.
    expect(call('io.jwt.verify_rs256', es256, rsaPem)).toBe(false);
    expect(call('io.jwt.verify_es256', es256, rsaPem)).toBe(false);
    expect(call('io.jwt.verify_rs384', rs256, rsaPem)).toBe(false);
    expect(callError('io.jwt.verify_rs256', rs256, 'not a key').message).toContain('failed to parse');
  });
});
