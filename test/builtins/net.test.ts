import { describe, expect, it } from 'vitest';
import { call, callError } from './helpers.js';

describe('net.cidr_contains / cidr_intersects / cidr_is_valid', () => {
  it('tests addresses and networks', () => {
    expect(call('net.cidr_contains', '127.0.0.0/8', '127.0.0.1')).toBe(true);
    expect(call('net.cidr_contains', '127.0.0.0/24', '127.0.1.1')).toBe(false);
    expect(call('net.cidr_contains', '127.0.0.0/8', '127.0.0.0/24')).toBe(true);
    expect(call('net.cidr_contains', '127.0.0.0/24', '127.0.0.0/8')).toBe(false);
    expect(call('net.cidr_contains', 'fd1e:5bfe:8af3:9ddc::/64', 'fd1e:5bfe:8af3:9ddc:1111::')).toBe(true);
    expect(call('net.cidr_contains', '10.0.0.0/8', '::ffff:10.1.2.3')).toBe(true);
    expect(call('net.cidr_contains', '::/0', '10.0.0.1')).toBe(false);
    expect(call('net.cidr_intersects', '192.168.0.0/16', '192.168.1.0/24')).toBe(true);
    expect(call('net.cidr_intersects', '192.168.0.0/24', '192.168.1.0/24')).toBe(false);
    expect(call('net.cidr_overlap', '192.168.0.0/16', '192.168.1.1')).toBe(true);
  });

  it('validates CIDRs as Go parses them', () => {
    expect(call('net.cidr_is_valid', '10.0.0.0/8')).toBe(true);
    expect(call('net.cidr_is_valid', '10.0.0.1/8')).toBe(true);
    expect(call('net.cidr_is_valid', '10.0.0.0/33')).toBe(false);
    expect(call('net.cidr_is_valid', '010.0.0.0/8')).toBe(false);
    expect(call('net.cidr_is_valid', '10.0.0.0')).toBe(false);
    expect(call('net.cidr_is_valid', '::/129')).toBe(false);
    expect(call('net.cidr_is_valid', 'fe80::1%eth0/64')).toBe(false);
    expect(call('net.cidr_is_valid', 1)).toBe(false);
  });

  it('reports malformed operands', () => {
    expect(callError('net.cidr_contains', '10.0.0.0/8', 'foo').message).toBe(
      'net.cidr_contains: not a valid textual representation of an IP address or CIDR: foo',
    );
    expect(callError('net.cidr_intersects', '10.0.0.0', '10.0.0.0/8').message).toBe(
      'net.cidr_intersects: invalid CIDR address: 10.0.0.0',
    );
  });
});

describe('net.cidr_expand', () => {
  it('lists every address', () => {
    expect(call('net.cidr_expand', '192.168.1.1/30')).toEqual([
      '192.168.1.0',
      '192.168.1.1',
      '192.168.1.2',
      '192.168.1.3',
    ]);
    expect(call('net.cidr_expand', '10.0.0.1/32')).toEqual(['10.0.0.1']);
    expect(call('net.cidr_expand', 'fd00::/127')).toEqual(['fd00::', 'fd00::1']);
    expect(callError('net.cidr_expand', '192.168.1.1/33').message).toBe(
      'net.cidr_expand: invalid CIDR address: 192.168.1.1/33',
    );
    expect(callError('net.cidr_expand', '::/64').message).toContain('expands at most');
  });
});

describe('net.cidr_merge', () => {
  const merge = (xs: string[]) => (call('net.cidr_merge', xs) as string[]).sort();

  it('merges adjacent and contained networks', () => {
    expect(merge(['192.0.128.0/24', '192.0.129.0/24'])).toEqual(['192.0.128.0/23']);
    expect(merge(['192.0.128.0/24', '0.0.0.0/0'])).toEqual(['0.0.0.0/0']);
    expect(merge(['192.0.2.112/30', '192.0.2.116/31', '192.0.2.118/31'])).toEqual(['192.0.2.112/29']);
    expect(merge(['192.0.2.112/31', '192.0.2.116/31', '192.0.2.118/31'])).toEqual([
      '192.0.2.112/31',
      '192.0.2.116/30',
    ]);
    expect(merge(['192.0.129.0/24', '192.0.130.0/24'])).toEqual(['192.0.129.0/24', '192.0.130.0/24']);
    expect(merge(['fe80::/120', '192.0.2.0/24', '192.0.3.0/24', '192.0.4.0/25', '192.0.4.128/25'])).toEqual([
      '192.0.2.0/23',
      '192.0.4.0/24',
      'fe80::/120',
    ]);
    expect(merge(['::/0', '::192.0.2.0/124', 'ff00::101/128'])).toEqual(['::/0']);
    expect(
      merge(['2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64', '2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128']),
    ).toEqual(['2601:600:8a80:207e::/64']);
    expect(merge([])).toEqual([]);
  });

  it('gives a bare IPv4 address its classful mask, as OPA does', () => {
    expect(merge(['192.0.2.112', '192.0.2.116/31'])).toEqual(['192.0.2.0/24']);
    expect(merge(['192.0.128.0', '192.0.129.0'])).toEqual(['192.0.128.0/23']);
    expect(merge(['10.1.2.3'])).toEqual(['10.1.2.3/8']);
  });

  it('rejects bad elements', () => {
    expect(callError('net.cidr_merge', ['2601:600:8a80:207e:a57d:7567:e2c9:e7b3']).message).toBe(
      'net.cidr_merge: IPv6 invalid: needs prefix length',
    );
    expect(callError('net.cidr_merge', ['foo']).message).toBe('net.cidr_merge: invalid CIDR address: foo');
    expect(callError('net.cidr_merge', [1]).message).toBe('net.cidr_merge: element must be string');
  });
});

describe('net.cidr_contains_matches', () => {
  it('pairs the indexes of matching networks and addresses', () => {
    expect(call('net.cidr_contains_matches', '1.1.1.0/24', '1.1.1.1')).toEqual([['1.1.1.0/24', '1.1.1.1']]);
    expect(
      call('net.cidr_contains_matches', ['1.1.2.0/24', '1.1.1.0/24'], ['1.1.1.1', '1.1.2.1', '2.2.2.2']),
    ).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(
      call('net.cidr_contains_matches', { k1: '1.1.1.1/24', k2: ['1.1.1.2/24', 1] }, '1.1.1.128'),
    ).toEqual([
      ['k1', '1.1.1.128'],
      ['k2', '1.1.1.128'],
    ]);
    expect(callError('net.cidr_contains_matches', ['1.1.2.0/24'], ['1.1.1.1', 1]).message).toBe(
      'net.cidr_contains_matches: operand 2: element must be string or non-empty array',
    );
  });
});
