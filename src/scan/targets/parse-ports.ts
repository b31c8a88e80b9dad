import { LockdownError } from '../../errors.ts';
import { type Parsed, quote } from './ip-address.ts';

export const MAX_PORT = 65535;

/** One decimal TCP port, 1-65535, digits only (no sign, no spaces, no hex). */
export function parsePort(text: string): Parsed<number> {
  if (text === '') return { ok: false, reason: 'port is empty' };
  if (!/^[0-9]+$/.test(text)) return { ok: false, reason: `port ${quote(text)} is not a decimal number` };
  const port = text.length > 5 ? Number.POSITIVE_INFINITY : Number(text);
  if (port < 1 || port > MAX_PORT)
    return { ok: false, reason: `port ${quote(text)} is out of range 1-65535` };
  return { ok: true, value: port };
}

/**
 * Parse a port list such as "3000,8000-8010,443": comma-separated ports and inclusive ranges,
 * spaces around items allowed. Duplicates are dropped, first occurrence order kept, so the result
 * holds at most 65535 ports and the work is bounded however the spec repeats itself.
 * Throws LockdownError ERR_INVALID_OPTION naming the bad item.
 */
export function parsePortSpec(spec: string): number[] {
  const fail = (piece: string, why: string): never => {
    throw new LockdownError('ERR_INVALID_OPTION', `port list ${quote(spec)}: item ${quote(piece)} ${why}`, {
      option: 'ports',
      item: piece,
    });
  };
  if (spec.trim() === '') {
    throw new LockdownError('ERR_INVALID_OPTION', 'port list is empty', { option: 'ports', item: '' });
  }
  const seen = new Uint8Array(MAX_PORT + 1);
  const ports: number[] = [];
  const add = (port: number): void => {
    if (seen[port] === 0) {
      seen[port] = 1;
      ports.push(port);
    }
  };
  for (const raw of spec.split(',')) {
    const piece = raw.trim();
    if (piece === '') fail(raw, 'is empty (stray comma?)');
    const dash = piece.indexOf('-');
    if (dash < 0) {
      const port = parsePort(piece);
      if (!port.ok) return fail(piece, `is not a valid port: ${port.reason}`);
      add(port.value);
      continue;
    }
    const low = parsePort(piece.slice(0, dash).trim());
    const high = parsePort(piece.slice(dash + 1).trim());
    if (!low.ok) return fail(piece, `has a bad range start: ${low.reason}`);
    if (!high.ok) return fail(piece, `has a bad range end: ${high.reason}`);
    if (low.value > high.value) fail(piece, 'is a range whose start is above its end');
    // Once every port is present a further range adds nothing: stop the loop early.
    for (let port = low.value; port <= high.value && ports.length < MAX_PORT; port++) add(port);
  }
  return ports;
}
