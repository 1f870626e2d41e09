import { addressLimits, isNetworkList, parseNetworks } from './trusted-networks';

describe('trusted office networks', () => {
  const limitOf = addressLimits(parseNetworks('10.20.0.0/16, 192.0.2.7,2001:db8::/32'), 60_000, 6_000);

  it('gives addresses inside the listed networks their own limit, IPv4-mapped IPv6 included', () => {
    expect(['10.20.3.4', '::ffff:10.20.0.1', '192.0.2.7', '2001:db8::42'].map(limitOf)).toEqual([60_000, 60_000, 60_000, 60_000]);
    expect(['10.21.0.1', '192.0.2.8', '2001:db9::1', '127.0.0.1', 'not-an-address'].map(limitOf)).toEqual([6_000, 6_000, 6_000, 6_000, 6_000]);
  });

  it('accepts only lists of addresses and CIDRs', () => {
    expect(['', '10.0.0.0/8', '10.0.0.0/8,fd00::/8', '192.0.2.1'].every(isNetworkList)).toBe(true);
    expect(['10.0.0.0/33', 'office', '10.0.0.0/8;', '10.0.0/8'].some(isNetworkList)).toBe(false);
  });
});
