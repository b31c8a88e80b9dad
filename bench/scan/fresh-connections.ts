import { setTimeout } from 'node:timers/promises';

/**
 * Between measured rounds: ask the server process to close its idle keep-alive connections, then
 * give the client a moment to see the FINs, so the next round opens fresh connections (as a scan of
 * new hosts does) and no client profits from connections pooled in an earlier round.
 */
export async function freshConnections(serverPid: number): Promise<void> {
  process.kill(serverPid, 'SIGUSR2');
  await setTimeout(150);
}
