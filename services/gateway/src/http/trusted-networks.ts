import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** `10.0.0.0/8,2001:db8::/32,192.0.2.7`: the networks in a comma-separated list of CIDRs and single addresses. */
export function parseNetworks(list: string): BlockList {
  const networks = new BlockList();
  for (const entry of list.split(',').map((item) => item.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!type) throw new Error(`not an IP address or CIDR: ${entry}`);
    if (bits === undefined) networks.addAddress(address, type);
    else networks.addSubnet(address, Number(bits), type);
  }
  return networks;
}

/** Whether `list` parses as networks (for the configuration check). */
export function isNetworkList(list: string): boolean {
  try {
    parseNetworks(list);
    return list.split(',').every((entry) => entry.trim() === '' || /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry.trim()));
  } catch {
    return false;
  }
}

const MEMO_SIZE = 10_000;

/**
 * The per-minute request limit of a client address: `trusted` for the offices' own networks (many people behind
 * one NAT address), `other` elsewhere. Remembers its answers, since every request asks.
 */
export function addressLimits(networks: BlockList, trusted: number, other: number): (address: string) => number {
  const memo = new Map<string, number>();
  return (address) => {
    let limit = memo.get(address);
    if (limit === undefined) {
      const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
      const type = isIPv4(plain) ? 'ipv4' : 'ipv6';
      limit = isIPv4(plain) || isIPv6(plain) ? (networks.check(plain, type) ? trusted : other) : other;
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(address, limit);
    }
    return limit;
  };
}
