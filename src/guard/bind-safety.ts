/**
 * Transport safety at startup: the guard listens on loopback unless told otherwise, and refuses to
 * expose an upstream beyond loopback without authentication unless `allowUnauthenticated` says so
 * explicitly (then it warns).
 */
import { LockdownError } from '../errors.ts';
import { hasAuthMethod } from './auth/authenticate.ts';
import type { GuardConfig } from './config/guard-config-schema.ts';
import { isLoopbackHost } from './origin-guard.ts';

export function checkBindSafety(config: GuardConfig, warn: (message: string) => void): void {
  const host = config.listen.host;
  if (isLoopbackHost(host)) return;
  const authenticated = hasAuthMethod(config.auth);
  if (!authenticated && !config.allowUnauthenticated) {
    throw new LockdownError(
      'ERR_UNSAFE_BIND',
      `refusing to listen on ${host} without authentication: configure auth (API keys, JWT or introspection), bind 127.0.0.1, or pass --allow-unauthenticated`,
      { host },
    );
  }
  if (config.allowUnauthenticated) {
    warn(
      `WARNING: listening on ${host} with allowUnauthenticated: requests without credentials reach the upstream as the anonymous principal`,
    );
  }
}
