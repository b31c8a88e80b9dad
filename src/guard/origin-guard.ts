/**
 * Origin and Host validation, the DNS-rebinding defence the MCP transport spec requires: a present Origin
 * that is not allowed gets 403; a Host that names none of the guard's own names gets 403 too (a rebound
 * hostname still carries the attacker's Host). Pure: the caller writes the response.
 */

export interface OriginPolicy {
  /** Full origins (`https://app.example`) allowed to call the guard from a browser. */
  allowedOrigins: string[];
  /** Host header values (`host` or `host:port`, lowercase) the guard answers to. */
  allowedHosts: string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Builds the policy from config: configured lists, the public URL, and loopback names when bound to loopback. */
export function buildOriginPolicy(input: {
  listenHost: string;
  port: number;
  publicUrl: string;
  allowedOrigins: string[];
  allowedHosts: string[];
}): OriginPolicy {
  const hosts = new Set(input.allowedHosts.map((h) => h.toLowerCase()));
  const origins = new Set(input.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
  const pub = new URL(input.publicUrl);
  hosts.add(pub.host.toLowerCase());
  origins.add(pub.origin.toLowerCase());
  if (isLoopbackHost(input.listenHost) || input.listenHost === '0.0.0.0' || input.listenHost === '::') {
    for (const name of LOOPBACK_NAMES) {
      hosts.add(`${name}:${input.port}`);
      origins.add(`http://${name}:${input.port}`);
    }
  }
  if (!isLoopbackHost(input.listenHost) && input.listenHost !== '0.0.0.0' && input.listenHost !== '::') {
    hosts.add(`${input.listenHost.toLowerCase()}:${input.port}`);
  }
  return { allowedOrigins: [...origins], allowedHosts: [...hosts] };
}

export type OriginVerdict =
  | { ok: true }
  | { ok: false; reason: 'origin-not-allowed' | 'host-not-allowed'; detail: string };

export function checkOriginAndHost(
  policy: OriginPolicy,
  origin: string | undefined,
  host: string | undefined,
): OriginVerdict {
  if (host === undefined || !policy.allowedHosts.includes(host.toLowerCase())) {
    return { ok: false, reason: 'host-not-allowed', detail: `Host '${host ?? ''}' is not allowed` };
  }
  if (origin !== undefined && !policy.allowedOrigins.includes(origin.toLowerCase())) {
    return { ok: false, reason: 'origin-not-allowed', detail: `Origin '${origin}' is not allowed` };
  }
  return ORIGIN_OK;
}

const ORIGIN_OK: OriginVerdict = Object.freeze({ ok: true });
