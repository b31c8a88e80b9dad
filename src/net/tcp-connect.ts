import net from 'node:net';
import { classifyNetError, type NetFailure } from './net-failure.ts';

export type ConnectOutcome =
  | { ok: true; address: string; connectMs: number }
  | { ok: false; failure: NetFailure };

/** A bare TCP connect: tells closed from open for the cost of a SYN, before any HTTP is spent. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        ok: false,
        failure: { kind: 'timeout', code: 'ETIMEDOUT', message: `connect timed out after ${timeoutMs} ms` },
      });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      const address = socket.remoteAddress ?? host;
      socket.destroy();
      resolve({ ok: true, address, connectMs: performance.now() - started });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, failure: classifyNetError(error) });
    });
  });
}
