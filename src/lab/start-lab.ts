import { LockdownError } from '../errors.ts';
import { guardedServer } from './guarded-server.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import type { Lab } from './lab-types.ts';
import { legacySseServer } from './legacy-sse-server.ts';
import { lookalikeServer } from './lookalike-server.ts';
import { parseLoopbackHost } from './loopback-host.ts';
import { modern2026Server } from './modern-2026-server.ts';
import { oauthProtectedServer } from './oauth-protected-server.ts';
import { openSessionServer } from './open-session-server.ts';
import { openStatelessServer } from './open-stateless-server.ts';
import { partialServer } from './partial-server.ts';
import { poisonedServer } from './poisoned-server.ts';

/** Every lab server, in port order (with a base port, server i listens on base + i). */
export const LAB_SERVERS: readonly LabServerDefinition[] = [
  openSessionServer,
  openStatelessServer,
  legacySseServer,
  modern2026Server,
  oauthProtectedServer,
  partialServer,
  poisonedServer,
  lookalikeServer,
  guardedServer,
];

export interface StartLabOptions {
  /** Loopback address to bind: 127.0.0.0/8, ::1 or localhost (default 127.0.0.1). The lab binds only this address. */
  host?: string;
  /** 'ephemeral' (default, also 0): each server on a free port; a number: consecutive ports from that base. */
  ports?: 'ephemeral' | number;
}

function validatePorts(ports: 'ephemeral' | number): void {
  if (ports === 'ephemeral' || ports === 0) return;
  if (!Number.isInteger(ports) || ports < 1 || ports + LAB_SERVERS.length - 1 > 65535) {
    throw new LockdownError(
      'ERR_INVALID_OPTION',
      `lab base port must be an integer from 1 to ${65536 - LAB_SERVERS.length} (the lab needs ${LAB_SERVERS.length} consecutive ports); got ${String(ports)}`,
      { option: 'ports', value: ports },
    );
  }
}

/**
 * Starts every lab server on loopback. If one cannot start, those already started are stopped and the
 * ERR_LAB_START error (naming the server and port) is thrown. stop() is idempotent.
 */
export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  // The lab is deliberately vulnerable: the library refuses non-loopback hosts just as the CLI does.
  const host = parseLoopbackHost(String(options.host ?? '127.0.0.1'));
  const ports = options.ports ?? 'ephemeral';
  validatePorts(ports);
  const running: LabServerHandle[] = [];
  try {
    for (const [index, definition] of LAB_SERVERS.entries()) {
      running.push(await definition.start(host, ports === 'ephemeral' || ports === 0 ? 0 : ports + index));
    }
  } catch (error) {
    await Promise.allSettled(running.map((server) => server.close()));
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    servers: running.map((server) => server.info),
    stop() {
      stopping ??= Promise.allSettled(running.map((server) => server.close())).then(() => undefined);
      return stopping;
    },
  };
}
