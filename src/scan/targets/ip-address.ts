/**
 * Strict IP literal parsing and formatting, shared by the target line parser and CIDR expansion.
 * Parsers return a reason instead of throwing: target lines are user input and a bad one must not
 * stop the scan. IPv6 is formatted the way the WHATWG URL parser (and so fetch/undici) does, so a
 * literal and the same address inside a URL produce the same host string.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const IPV4_BITS = 32;
export const IPV6_BITS = 128;

/** Quote a piece of input for an error reason: JSON escaping neutralises control characters. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** Dotted-quad IPv4 only (no `127.1`, no hex, no octal): anything else is ambiguous in a target list. */
export function parseIPv4(text: string): Parsed<number> {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return { ok: false, reason: `IPv4 address ${quote(text)} needs four dot-separated octets` };
  }
  let value = 0;
  for (const part of parts) {
    if (part === '') return { ok: false, reason: `IPv4 address ${quote(text)} has an empty octet` };
    if (!/^[0-9]+$/.test(part)) {
      return { ok: false, reason: `IPv4 octet ${quote(part)} in ${quote(text)} is not a decimal number` };
    }
    if (part.length > 1 && part.startsWith('0')) {
      return {
        ok: false,
        reason: `IPv4 octet ${quote(part)} in ${quote(text)} has a leading zero (octal or decimal is ambiguous)`,
      };
    }
    const octet = part.length > 3 ? 256 : Number(part);
    if (octet > 255) {
      return { ok: false, reason: `IPv4 octet ${quote(part)} in ${quote(text)} is out of range 0-255` };
    }
    value = value * 256 + octet;
  }
  return { ok: true, value };
}

export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** RFC 4291 text forms: hex groups, one `::`, an optional trailing dotted IPv4. No zone ids. */
export function parseIPv6(text: string): Parsed<bigint> {
  const bad = (why: string): Parsed<bigint> => ({ ok: false, reason: `IPv6 address ${quote(text)} ${why}` });
  if (text.includes('%')) return bad('has a zone identifier (%...), which is not supported');
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return bad('contains characters other than hex digits, ":" and "."');
  const halves = text.split('::');
  if (halves.length > 2) return bad('uses "::" more than once');
  const compressed = halves.length === 2;
  const head = splitGroups(halves[0] ?? '');
  const tail = compressed ? splitGroups(halves[1] ?? '') : [];
  if (head === null || tail === null) return bad('has an empty group (a lone ":")');
  const groups: number[] = [];
  const all = [...head, ...tail];
  for (let i = 0; i < all.length; i++) {
    const group = all[i] ?? '';
    if (group.includes('.')) {
      if (i !== all.length - 1 || (compressed && i < head.length)) {
        return bad('has an embedded IPv4 part that is not last');
      }
      const v4 = parseIPv4(group);
      if (!v4.ok) return bad(`has a bad embedded IPv4 part: ${v4.reason}`);
      groups.push(v4.value >>> 16, v4.value & 0xffff);
    } else {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return bad(`has group ${quote(group)} longer than 4 hex digits`);
      groups.push(Number.parseInt(group, 16));
    }
  }
  const headCount = head.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  if (compressed ? groups.length > 7 : groups.length !== 8) {
    return bad(compressed ? 'has too many groups around "::"' : 'needs eight groups or a "::"');
  }
  const zeros = 8 - groups.length;
  let value = 0n;
  const full = [
    ...groups.slice(0, headCount),
    ...new Array<number>(zeros).fill(0),
    ...groups.slice(headCount),
  ];
  for (const g of full) value = (value << 16n) | BigInt(g);
  return { ok: true, value };
}

/** Split one side of `::` into groups; null when a group is empty (":1" or "1::2:"-style mistakes). */
function splitGroups(side: string): string[] | null {
  if (side === '') return [];
  const groups = side.split(':');
  return groups.some((g) => g === '') ? null : groups;
}

/** Lowercase hex, no leading zeros, the first longest run of two or more zero groups as `::`. */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
