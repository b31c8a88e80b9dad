import {
  formatIPv4,
  formatIPv6,
  IPV4_BITS,
  IPV6_BITS,
  type Parsed,
  parseIPv4,
  parseIPv6,
  quote,
} from './ip-address.ts';

/** An address block. `network` has its host bits cleared (`10.0.0.5/30` means `10.0.0.4/30`). */
export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

/** Default cap on addresses in one block: 2^32, so all of IPv4 and IPv6 up to a /96. */
export const DEFAULT_MAX_CIDR_HOSTS = 2 ** 32;

/** Parse `a.b.c.d/n` or `v6/n` (optionally `[v6]/n`). Host bits in the address are masked off. */
export function parseCidr(text: string): Parsed<Cidr> {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return { ok: false, reason: `CIDR ${quote(text)} has no "/prefix"` };
  let address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? IPV4_BITS : IPV6_BITS;
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    return {
      ok: false,
      reason: `CIDR ${quote(text)} has prefix length ${quote(prefixText)}; IPv${family} allows 0-${bits}`,
    };
  }
  const prefix = Number(prefixText);
  let value: bigint;
  if (family === 4) {
    const v4 = parseIPv4(address);
    if (!v4.ok) return { ok: false, reason: `CIDR ${quote(text)} needs an IP address: ${v4.reason}` };
    value = BigInt(v4.value);
  } else {
    const v6 = parseIPv6(address);
    if (!v6.ok) return { ok: false, reason: `CIDR ${quote(text)} needs an IP address: ${v6.reason}` };
    value = v6.value;
  }
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  return { ok: true, value: { family, network, prefix } };
}

/** Every address in the block, network and broadcast included. */
export function cidrAddressCount(cidr: Cidr): bigint {
  return 1n << BigInt((cidr.family === 4 ? IPV4_BITS : IPV6_BITS) - cidr.prefix);
}

/**
 * The first and last address scanned. IPv4 blocks wider than /31 skip the network and broadcast
 * addresses (no host answers there); /31 (RFC 3021 point-to-point) and /32 keep every address.
 * IPv6 has no broadcast, so every address is scanned.
 */
function hostRange(cidr: Cidr): { first: bigint; last: bigint } {
  const first = cidr.network;
  const last = cidr.network + cidrAddressCount(cidr) - 1n;
  if (cidr.family === 4 && cidr.prefix < 31) return { first: first + 1n, last: last - 1n };
  return { first, last };
}

/** How many hosts `cidrHosts` yields. */
export function cidrHostCount(cidr: Cidr): bigint {
  const { first, last } = hostRange(cidr);
  return last - first + 1n;
}

/** Lazily yield each host address as text; a /8 is never held in memory. */
export function* cidrHosts(cidr: Cidr): Generator<string, void, undefined> {
  const { first, last } = hostRange(cidr);
  if (cidr.family === 4) {
    // Plain numbers are exact up to 2^32 and much cheaper than bigint per address.
    const end = Number(last);
    for (let n = Number(first); n <= end; n++) yield formatIPv4(n);
    return;
  }
  for (let n = first; n <= last; n++) yield formatIPv6(n);
}

/** The CIDR text in canonical form, e.g. `10.0.0.4/30`. */
export function formatCidr(cidr: Cidr): string {
  const address = cidr.family === 4 ? formatIPv4(Number(cidr.network)) : formatIPv6(cidr.network);
  return `${address}/${cidr.prefix}`;
}

/**
 * Why a block is refused, or null: blocks with more addresses than `maxHosts` (default 2^32, i.e.
 * IPv6 wider than /96) would take years to sweep and are almost always a typo.
 */
export function cidrLimitReason(cidr: Cidr, maxHosts: number = DEFAULT_MAX_CIDR_HOSTS): string | null {
  const count = cidrAddressCount(cidr);
  if (maxHosts === Number.POSITIVE_INFINITY || count <= BigInt(Math.floor(maxHosts))) return null;
  const bits = (cidr.family === 4 ? IPV4_BITS : IPV6_BITS) - cidr.prefix;
  return `CIDR ${formatCidr(cidr)} has 2^${bits} addresses, more than the limit of ${maxHosts} (maxCidrHosts)`;
}
