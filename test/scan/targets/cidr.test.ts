import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cidrAddressCount,
  cidrHostCount,
  cidrHosts,
  cidrLimitReason,
  formatCidr,
  parseCidr,
} from '../../../src/scan/targets/cidr.ts';
import { parseIPv4, parseIPv6 } from '../../../src/scan/targets/ip-address.ts';

function cidr(text: string) {
  const parsed = parseCidr(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.value;
}

function addressValue(text: string): bigint {
  if (text.includes(':')) {
    const v6 = parseIPv6(text);
    assert.ok(v6.ok);
    return v6.value;
  }
  const v4 = parseIPv4(text);
  assert.ok(v4.ok);
  return BigInt(v4.value);
}

describe('cidrHosts: which addresses', () => {
  it('skips network and broadcast for IPv4 wider than /31', () => {
    assert.deepEqual([...cidrHosts(cidr('10.0.0.0/30'))], ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(
      [...cidrHosts(cidr('192.168.1.77/29'))],
      ['192.168.1.73', '192.168.1.74', '192.168.1.75', '192.168.1.76', '192.168.1.77', '192.168.1.78'],
    );
  });

  it('keeps both addresses of a /31 and the one of a /32', () => {
    assert.deepEqual([...cidrHosts(cidr('10.0.0.0/31'))], ['10.0.0.0', '10.0.0.1']);
    assert.deepEqual([...cidrHosts(cidr('10.0.0.9/32'))], ['10.0.0.9']);
  });

  it('keeps every IPv6 address (no broadcast in IPv6)', () => {
    assert.deepEqual([...cidrHosts(cidr('fd00::/126'))], ['fd00::', 'fd00::1', 'fd00::2', 'fd00::3']);
    assert.deepEqual([...cidrHosts(cidr('::1/128'))], ['::1']);
  });

  it('walks the top of the address space without overflowing', () => {
    assert.deepEqual([...cidrHosts(cidr('255.255.255.252/30'))], ['255.255.255.253', '255.255.255.254']);
    assert.deepEqual(
      [...cidrHosts(cidr('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127'))],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    );
  });

  it('is lazy: the first hosts of a /8 and of 0.0.0.0/0 arrive at once', () => {
    const iterator = cidrHosts(cidr('10.0.0.0/8'));
    assert.equal(iterator.next().value, '10.0.0.1');
    assert.equal(iterator.next().value, '10.0.0.2');
    assert.equal(cidrHosts(cidr('0.0.0.0/0')).next().value, '0.0.0.1');
    assert.equal(cidrHostCount(cidr('10.0.0.0/8')), 2n ** 24n - 2n);
  });

  it('formats blocks canonically', () => {
    assert.equal(formatCidr(cidr('10.0.0.5/30')), '10.0.0.4/30');
    assert.equal(formatCidr(cidr('[FD00:0::7]/120')), 'fd00::/120');
  });
});

describe('cidrHosts: properties', () => {
  it('yields the expected count, strictly increasing, all inside the block (IPv4)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 20, max: 32 }), (ip, prefix) => {
        const block = cidr(`${ip}/${prefix}`);
        const hosts = [...cidrHosts(block)].map(addressValue);
        const size = 2 ** (32 - prefix);
        assert.equal(hosts.length, prefix >= 31 ? size : size - 2);
        assert.equal(BigInt(hosts.length), cidrHostCount(block));
        for (let i = 1; i < hosts.length; i++) assert.ok((hosts[i] as bigint) > (hosts[i - 1] as bigint));
        for (const host of hosts)
          assert.equal((host >> BigInt(32 - prefix)) << BigInt(32 - prefix), block.network);
      }),
      { numRuns: 200 },
    );
  });

  it('yields the expected count, strictly increasing, all inside the block (IPv6)', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 116, max: 128 }), (ip, prefix) => {
        const block = cidr(`${ip}/${prefix}`);
        const hosts = [...cidrHosts(block)].map(addressValue);
        assert.equal(BigInt(hosts.length), cidrAddressCount(block));
        assert.equal(hosts.length, 2 ** (128 - prefix));
        assert.equal(hosts[0], block.network);
        for (let i = 1; i < hosts.length; i++) assert.equal(hosts[i], (hosts[i - 1] as bigint) + 1n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('cidrLimitReason', () => {
  it('allows all of IPv4 and IPv6 up to /96 by default', () => {
    assert.equal(cidrLimitReason(cidr('0.0.0.0/0')), null);
    assert.equal(cidrLimitReason(cidr('fd00::/96')), null);
  });

  it('refuses IPv6 wider than /96 by default, naming the size and the option', () => {
    assert.match(cidrLimitReason(cidr('fd00::/64')) ?? '', /fd00::\/64 has 2\^64 addresses.*maxCidrHosts/);
    assert.match(cidrLimitReason(cidr('fd00::/95')) ?? '', /2\^33 addresses/);
  });

  it('follows a custom limit, including Infinity', () => {
    assert.match(
      cidrLimitReason(cidr('10.0.0.0/23'), 256) ?? '',
      /2\^9 addresses, more than the limit of 256/,
    );
    assert.equal(cidrLimitReason(cidr('10.0.0.0/24'), 256), null);
    assert.equal(cidrLimitReason(cidr('::/0'), Number.POSITIVE_INFINITY), null);
  });
});
