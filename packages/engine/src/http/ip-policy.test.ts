import { describe, expect, it } from 'vitest';
import { classifyAddress, createAddressPolicy } from './ip-policy.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::', '6to4'],
    ['2001::1', 'teredo'],
  ])('%s is refused as %s', (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ range, isPublic: false });
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', '127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', '169.254.169.254', 'linkLocal'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'private'],
    ['64:ff9b::a00:1', '10.0.0.1', 'private'],
    ['::127.0.0.1', '127.0.0.1', 'loopback'],
  ])('IPv6 %s is judged by the IPv4 it carries (%s, %s)', (address, embedded, range) => {
    expect(classifyAddress(address)).toEqual({ address: embedded, range, isPublic: false });
  });

  it('treats a public IPv4 inside a mapped IPv6 as public', () => {
    expect(classifyAddress('::ffff:8.8.8.8')).toEqual({ address: '8.8.8.8', range: 'unicast', isPublic: true });
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(classifyAddress(address)).toMatchObject({ range: 'unicast', isPublic: true });
  });

  it.each(['2130706433', '0x7f.1', '0177.0.0.1', '127.1', 'localhost', ''])(
    'refuses the non-canonical spelling %j instead of guessing what it means',
    (address) => {
      expect(classifyAddress(address)).toMatchObject({ range: 'invalid', isPublic: false });
    },
  );
});

describe('createAddressPolicy', () => {
  const target = (hostname: string, port: number, address: string) => ({ hostname, port, address });

  it('refuses non-public addresses when nothing is allow-listed, and allows public ones', () => {
    const policy = createAddressPolicy();
    expect(policy.check(target('127.0.0.1', 80, '127.0.0.1'))).toMatchObject({ allowed: false, range: 'loopback' });
    expect(policy.check(target('example.com', 443, '93.184.216.34'))).toMatchObject({ allowed: true });
  });

  it('matches an IP host rule on the connected address and, when given, only on its port', () => {
    const policy = createAddressPolicy({ allowHosts: ['127.0.0.1:4000', '[::1]:4001'] });
    expect(policy.check(target('127.0.0.1', 4000, '127.0.0.1')).allowed).toBe(true);
    expect(policy.check(target('localhost', 4000, '127.0.0.1')).allowed).toBe(true);
    expect(policy.check(target('127.0.0.1', 4000, '::ffff:127.0.0.1')).allowed).toBe(true);
    expect(policy.check(target('127.0.0.1', 4002, '127.0.0.1')).allowed).toBe(false);
    expect(policy.check(target('::1', 4001, '::1')).allowed).toBe(true);
    expect(policy.check(target('::1', 4000, '::1')).allowed).toBe(false);
  });

  it('matches a name rule on the URL host, case-insensitively, whatever it resolves to', () => {
    const policy = createAddressPolicy({ allowHosts: ['Receiver.Internal', 'hooks.local:8443'] });
    expect(policy.check(target('receiver.internal.', 80, '10.0.0.7')).allowed).toBe(true);
    expect(policy.check(target('hooks.local', 8443, '192.168.0.2')).allowed).toBe(true);
    expect(policy.check(target('hooks.local', 443, '192.168.0.2')).allowed).toBe(false);
    expect(policy.check(target('other.internal', 80, '10.0.0.7')).allowed).toBe(false);
  });

  it('allows CIDR ranges on any port, by address family', () => {
    const policy = createAddressPolicy({ allowCidrs: ['10.20.0.0/16', 'fd00::/8', '::ffff:192.168.7.0/120'] });
    expect(policy.check(target('a', 1, '10.20.3.4')).allowed).toBe(true);
    expect(policy.check(target('a', 1, '::ffff:10.20.3.4')).allowed).toBe(true);
    expect(policy.check(target('a', 1, '10.21.0.1')).allowed).toBe(false);
    expect(policy.check(target('a', 1, 'fd00::5')).allowed).toBe(true);
    expect(policy.check(target('a', 1, '192.168.7.9')).allowed).toBe(true);
    expect(policy.check(target('a', 1, '192.168.8.9')).allowed).toBe(false);
  });

  it('fails loudly on a malformed allow-list entry', () => {
    expect(() => createAddressPolicy({ allowCidrs: ['10.0.0.0/33'] })).toThrow(/allowCidrs/);
    expect(() => createAddressPolicy({ allowHosts: ['host:99999'] })).toThrow(/bad port/);
    expect(() => createAddressPolicy({ allowHosts: [':80'] })).toThrow(/empty host/);
  });

  it('refuses an address that is not a canonical IP literal', () => {
    expect(createAddressPolicy({ allowCidrs: ['0.0.0.0/0'] }).check(target('a', 1, '2130706433'))).toMatchObject({
      allowed: false,
      range: 'invalid',
    });
  });
});
