import { type Cidr, parseCidr } from './cidr.ts';
import { looksLikeIPv4, parseHostname } from './hostname.ts';
import { formatIPv4, formatIPv6, type Parsed, parseIPv4, parseIPv6, quote } from './ip-address.ts';
import { type Endpoint, isMasscanLine, parseMasscanLine } from './masscan.ts';
import { parsePort } from './parse-ports.ts';

/** The longest target line accepted; longer lines are reported, never buffered or parsed. */
export const MAX_LINE_LENGTH = 64 * 1024;

/** What one line of a target list means. Hosts are normalised: lowercase, IPv6 without brackets. */
export type TargetLine =
  /** Blank, a `#` comment, or masscan framing/records with no open TCP port. */
  | { kind: 'skip' }
  /** A full URL: probe exactly this endpoint. `path` keeps the query string. */
  | { kind: 'url'; scheme: 'http' | 'https'; host: string; port: number; path: string }
  /** A host name or IP literal; `port` null means "every port in the options". */
  | { kind: 'host'; family: 'name' | 'ipv4' | 'ipv6'; host: string; port: number | null }
  | { kind: 'cidr'; cidr: Cidr }
  /** Open ports read from masscan output. */
  | { kind: 'endpoints'; endpoints: Endpoint[] }
  | { kind: 'invalid'; reason: string };

const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Classify one target line. Never throws: a bad line comes back as `{ kind: 'invalid', reason }`
 * naming the problem, so one typo in a long list costs one result, not the scan.
 */
export function parseTargetLine(line: string): TargetLine {
  if (line.length > MAX_LINE_LENGTH) {
    return { kind: 'invalid', reason: `line is longer than ${MAX_LINE_LENGTH} characters` };
  }
  let text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'skip' };
  // masscan lines are recognised before comment stripping: a banner may contain " #".
  if (isMasscanLine(text)) return parseMasscanLine(text);
  const comment = /\s#/.exec(text);
  if (comment !== null) text = text.slice(0, comment.index).trimEnd();
  if (/\s/.test(text)) return { kind: 'invalid', reason: `target ${quote(text)} contains whitespace` };
  if (URL_START.test(text)) return parseUrlTarget(text);
  if (text.includes('/')) return parseSlashTarget(text);
  return parseHostTarget(text);
}

/** A CIDR when the part before the last "/" is an IP address and the rest a number; else a path. */
function parseSlashTarget(text: string): TargetLine {
  const slash = text.lastIndexOf('/');
  const before = text.slice(0, slash);
  const ipLike =
    !before.includes('/') &&
    (looksLikeIPv4(before) || before.startsWith('[') || before.split(':').length > 2);
  if (ipLike && /^[0-9]*$/.test(text.slice(slash + 1))) {
    const cidr = parseCidr(text);
    return cidr.ok ? { kind: 'cidr', cidr: cidr.value } : { kind: 'invalid', reason: cidr.reason };
  }
  return {
    kind: 'invalid',
    reason: `target ${quote(text)} has a path but no scheme (write http://... or https://...), or is a CIDR without an IP address`,
  };
}

/** `host`, `host:port`, IPv4, bare IPv6 (never with a port), `[IPv6]` and `[IPv6]:port`. */
function parseHostTarget(text: string): TargetLine {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { kind: 'invalid', reason: `IPv6 literal ${quote(text)} has no closing "]"` };
    const v6 = parseIPv6(text.slice(1, close));
    if (!v6.ok) return { kind: 'invalid', reason: v6.reason };
    const rest = text.slice(close + 1);
    const host = formatIPv6(v6.value);
    if (rest === '') return { kind: 'host', family: 'ipv6', host, port: null };
    if (!rest.startsWith(':')) {
      return {
        kind: 'invalid',
        reason: `unexpected ${quote(rest)} after the IPv6 literal (expected ":port")`,
      };
    }
    const port = parsePort(rest.slice(1));
    return port.ok
      ? { kind: 'host', family: 'ipv6', host, port: port.value }
      : { kind: 'invalid', reason: port.reason };
  }
  const colons = text.split(':').length - 1;
  if (colons >= 2) {
    // Bare IPv6 cannot carry a port ("::1:3000" is itself an address); brackets are needed for that.
    const v6 = parseIPv6(text);
    return v6.ok
      ? { kind: 'host', family: 'ipv6', host: formatIPv6(v6.value), port: null }
      : { kind: 'invalid', reason: v6.reason };
  }
  let hostText = text;
  let port: number | null = null;
  if (colons === 1) {
    const colon = text.indexOf(':');
    hostText = text.slice(0, colon);
    const parsed = parsePort(text.slice(colon + 1));
    if (!parsed.ok) return { kind: 'invalid', reason: `target ${quote(text)}: ${parsed.reason}` };
    port = parsed.value;
  }
  const host = parseHostOrIPv4(hostText);
  if (!host.ok) return { kind: 'invalid', reason: host.reason };
  return { kind: 'host', family: host.value.family, host: host.value.host, port };
}

function parseHostOrIPv4(text: string): Parsed<{ family: 'name' | 'ipv4'; host: string }> {
  if (text === '') return { ok: false, reason: 'host is empty' };
  if (looksLikeIPv4(text)) {
    const v4 = parseIPv4(text);
    return v4.ok ? { ok: true, value: { family: 'ipv4', host: formatIPv4(v4.value) } } : v4;
  }
  const name = parseHostname(text);
  return name.ok ? { ok: true, value: { family: 'name', host: name.value } } : name;
}

/** http(s) URLs, parsed by the WHATWG URL parser (what fetch and undici use), then checked like hosts. */
function parseUrlTarget(text: string): TargetLine {
  const scheme = text.slice(0, text.indexOf(':')).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return {
      kind: 'invalid',
      reason: `URL ${quote(text)} has scheme "${scheme}"; only http and https are scanned`,
    };
  }
  const url = URL.parse(text);
  if (url === null || url.hostname === '') {
    return {
      kind: 'invalid',
      reason: `URL ${quote(text)} is not a valid URL (missing or malformed host or port)`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      kind: 'invalid',
      reason: `URL ${quote(text)} carries credentials; remove them and pass a header with --header instead`,
    };
  }
  let host: string;
  if (url.hostname.startsWith('[')) {
    host = url.hostname.slice(1, -1);
  } else if (/^[0-9.]+$/.test(url.hostname)) {
    host = url.hostname; // the URL parser already produced a canonical dotted quad
  } else {
    const name = parseHostname(url.hostname);
    if (!name.ok) return { kind: 'invalid', reason: `URL ${quote(text)}: ${name.reason}` };
    host = name.value;
  }
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  if (port < 1) return { kind: 'invalid', reason: `URL ${quote(text)}: port 0 cannot be scanned` };
  return { kind: 'url', scheme, host, port, path: `${url.pathname}${url.search}` };
}
