import { isIP } from 'node:net';

/** Hosts and addresses that only this machine can reach. */
export function isLoopback(hostOrAddress: string | null): boolean {
  if (hostOrAddress === null) return false;
  const host = hostOrAddress.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return isLoopback(host.slice(7));
  return isIP(host) === 4 && host.startsWith('127.');
}

/** RFC 1918, unique-local and link-local addresses: reachable inside a network, not from the internet. */
export function isPrivateAddress(hostOrAddress: string | null): boolean {
  if (hostOrAddress === null) return false;
  const host = hostOrAddress.replace(/^\[|\]$/g, '').toLowerCase();
  if (host.startsWith('::ffff:')) return isPrivateAddress(host.slice(7));
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return (
      a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  if (isIP(host) === 6) return /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  return false;
}

/** Whether the observation's endpoint is on this machine only: by resolved address, else by host name. */
export function targetIsLoopback(observation: { address: string | null; host: string }): boolean {
  return observation.address !== null ? isLoopback(observation.address) : isLoopback(observation.host);
}

/** Loopback check for any URL string; unparsable URLs are not loopback. */
export function urlIsLoopback(url: string): boolean {
  try {
    return isLoopback(new URL(url).hostname);
  } catch {
    return false;
  }
}
