import { formatIPv4, formatIPv6, type Parsed, parseIPv4, parseIPv6, quote } from './ip-address.ts';

/**
 * masscan output, read one line at a time so `masscan ... | mcp-lockdown scan -i -` streams:
 * - list (`-oL`):  `#masscan`, `open tcp 3000 127.0.0.1 1700000000`, `# end`
 * - JSON (`-oJ`):  `[`, `{ "ip": "...", "timestamp": "...", "ports": [ {"port": 3000, "proto": "tcp",
 *   "status": "open", ...} ] }` records separated by `,` (leading or trailing, by masscan version),
 *   `]`; older versions end with `{finished: 1}` and the oldest used unquoted keys.
 * - NDJSON (`--output-format ndjson`): `{"ip":"...","port":3000,"proto":"tcp","rec_type":"status",
 *   "data":{"status":"open",...}}`.
 * Only open TCP ports become endpoints; banners, closed ports and other protocols are skipped quietly.
 */

export interface Endpoint {
  host: string;
  port: number;
}

export type MasscanLine =
  | { kind: 'skip' }
  | { kind: 'endpoints'; endpoints: Endpoint[] }
  | { kind: 'invalid'; reason: string };

const LIST_LINE = /^(open|closed|banner|unknown)\s+(tcp|udp|sctp|icmp|arp)\s/;
const JSON_START = /^(?:\{|,|\[\s*(?:\{|,|$)|\]\s*,?$)/;

/** True when a trimmed line is masscan list or JSON output rather than a target. */
export function isMasscanLine(text: string): boolean {
  return LIST_LINE.test(text) || JSON_START.test(text);
}

/** Parse a trimmed line that `isMasscanLine` accepted. Never throws. */
export function parseMasscanLine(text: string): MasscanLine {
  return LIST_LINE.test(text) ? parseListLine(text) : parseJsonLine(text);
}

function parseListLine(text: string): MasscanLine {
  const [status, proto, portText, ip] = text.split(/\s+/);
  if (status !== 'open' || proto !== 'tcp') return { kind: 'skip' };
  const host = parseHost(ip);
  if (!host.ok) return { kind: 'invalid', reason: `masscan list line: ${host.reason}` };
  const port = portText !== undefined && /^[0-9]{1,5}$/.test(portText) ? Number(portText) : portText;
  const endpoint = toEndpoint(host.value, port);
  if (typeof endpoint === 'string') return { kind: 'invalid', reason: `masscan list line: ${endpoint}` };
  return { kind: 'endpoints', endpoints: [endpoint] };
}

function parseJsonLine(text: string): MasscanLine {
  const body = text
    .replace(/^[[,]\s*/, '')
    .replace(/\s*[\],]$/, '')
    .trim();
  if (body === '' || /^\{\s*finished\s*:\s*1\s*\}$/.test(body)) return { kind: 'skip' };
  // Wrapping in [] parses one record, or several on one line ("{...},{...}") alike.
  const records = parseJsonArray(`[${body}]`) ?? parseJsonArray(`[${quoteBareKeys(body)}]`);
  if (records === null)
    return { kind: 'invalid', reason: `masscan JSON line ${quote(text)} is not valid JSON` };
  const endpoints: Endpoint[] = [];
  for (const record of records) {
    const found = recordEndpoints(record);
    if (typeof found === 'string') return { kind: 'invalid', reason: `masscan JSON record: ${found}` };
    endpoints.push(...found);
  }
  return endpoints.length === 0 ? { kind: 'skip' } : { kind: 'endpoints', endpoints };
}

function parseJsonArray(text: string): unknown[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** Open TCP endpoints of one record (-oJ or NDJSON shape), or a reason string. */
function recordEndpoints(record: unknown): Endpoint[] | string {
  if (!isObject(record)) return 'not a JSON object';
  if (!('ip' in record)) return 'no "ip" field';
  const host = parseHost(record.ip);
  if (!host.ok) return host.reason;
  if ('rec_type' in record || typeof record.port === 'number') {
    // NDJSON: one port per record; banners carry rec_type "banner".
    const data = isObject(record.data) ? record.data : {};
    if (record.rec_type !== 'status' || record.proto !== 'tcp' || data.status !== 'open') return [];
    const endpoint = toEndpoint(host.value, record.port);
    return typeof endpoint === 'string' ? endpoint : [endpoint];
  }
  if (!Array.isArray(record.ports)) return 'no "ports" array';
  const found: Endpoint[] = [];
  for (const entry of record.ports) {
    // Banner entries have a "service" and no "status": the open-port record comes separately.
    if (!isObject(entry) || entry.status !== 'open' || entry.proto !== 'tcp') continue;
    const endpoint = toEndpoint(host.value, entry.port);
    if (typeof endpoint === 'string') return endpoint;
    found.push(endpoint);
  }
  return found;
}

function toEndpoint(host: string, port: unknown): Endpoint | string {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return `port ${quote(String(port))} is not a TCP port 1-65535`;
  }
  return { host, port };
}

/** An IP literal in canonical form (masscan prints addresses, never names). */
function parseHost(ip: unknown): Parsed<string> {
  if (ip === undefined) return { ok: false, reason: 'the IP address is missing' };
  if (typeof ip !== 'string') return { ok: false, reason: 'the IP address is not a string' };
  if (ip.includes(':')) {
    const v6 = parseIPv6(ip);
    return v6.ok ? { ok: true, value: formatIPv6(v6.value) } : v6;
  }
  const v4 = parseIPv4(ip);
  return v4.ok ? { ok: true, value: formatIPv4(v4.value) } : v4;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Old masscan wrote `{ ip: "..." }`: quote identifiers before a colon, outside strings only. */
function quoteBareKeys(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const key = /^[A-Za-z_][A-Za-z0-9_]*(?=\s*:)/.exec(text.slice(i, i + 64));
    if (key !== null && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
      out += `"${key[0]}"`;
      i += key[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
