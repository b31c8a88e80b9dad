import { isIPv4 } from 'node:net';
import { LockdownError } from '../errors.ts';

/**
 * Accepts only loopback bind addresses (127.0.0.0/8, ::1, localhost) and returns the address to bind.
 * The lab is deliberately vulnerable: it must never listen where another machine can reach it.
 */
export function parseLoopbackHost(value: string): string {
  const host = value.trim();
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (unbracketed.toLowerCase() === 'localhost') return 'localhost';
  if (unbracketed === '::1' || unbracketed === '0:0:0:0:0:0:0:1') return '::1';
  if (isIPv4(unbracketed) && unbracketed.split('.')[0] === '127') return unbracketed;
  throw new LockdownError(
    'ERR_INVALID_OPTION',
    `--host ${JSON.stringify(value)} is not a loopback address; the lab only binds 127.0.0.0/8, ::1 or localhost`,
    { option: 'host', value },
  );
}
