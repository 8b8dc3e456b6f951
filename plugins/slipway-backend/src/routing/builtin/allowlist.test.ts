import { compileAllowlist, displayAddress } from './allowlist';

describe('allowlist', () => {
  it('matches IPv4 CIDRs, also for clients seen as IPv4-mapped IPv6', () => {
    const allow = compileAllowlist(['10.0.0.0/8', '192.168.1.7']);
    expect(allow('10.200.3.4')).toBe(true);
    expect(allow('::ffff:10.200.3.4')).toBe(true);
    expect(allow('192.168.1.7')).toBe(true);
    expect(allow('192.168.1.8')).toBe(false);
    expect(allow('11.0.0.1')).toBe(false);
    expect(allow('::1')).toBe(false);
  });

  it('matches IPv6 CIDRs, including IPv4-mapped blocks for IPv4 clients', () => {
    const allow = compileAllowlist([
      '2001:db8::/32',
      '::1',
      '::ffff:172.16.0.0/108',
    ]);
    expect(allow('2001:db8:1::5')).toBe(true);
    expect(allow('2001:db9::1')).toBe(false);
    expect(allow('::1')).toBe(true);
    expect(allow('172.16.9.9')).toBe(true);
    expect(allow('172.32.0.1')).toBe(false);
    expect(allow('not an address')).toBe(false);
  });

  it('admits everyone with /0 and refuses entries that do not parse', () => {
    expect(compileAllowlist(['0.0.0.0/0'])('8.8.8.8')).toBe(true);
    expect(compileAllowlist(['::/0'])('2001:db8::1')).toBe(true);
    expect(() => compileAllowlist(['10.0.0.0/33'])).toThrow(/prefix/);
    expect(() => compileAllowlist(['example.com'])).toThrow(/not an IP/);
  });

  it('shows IPv4-mapped client addresses as plain IPv4', () => {
    expect(displayAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(displayAddress('::1')).toBe('::1');
  });
});
