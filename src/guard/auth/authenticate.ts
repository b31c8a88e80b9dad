import type { GuardConfig } from '../config/guard-config-schema.ts';
import { insufficientScopeChallenge, unauthorizedChallenge } from '../protected-resource-metadata.ts';
import { createApiKeyVerifier, looksLikeApiKey } from './api-key-verifier.ts';
import { createIntrospectionVerifier } from './introspection-verifier.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import { anonymousPrincipal, type Principal } from './principal.ts';
import type { VerifyResult } from './verify-result.ts';

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; wwwAuthenticate: string; error: string; description: string };

export interface Authenticator {
  /**
   * Synchronous when no I/O is needed (API keys, anonymous, cached outcomes), a promise otherwise (JWKS
   * fetches, introspection); callers await only a promise, which saves a microtask turn per request.
   */
  authenticate(authorizationHeader: string | undefined): AuthOutcome | Promise<AuthOutcome>;
  close(): Promise<void>;
}

export interface AuthenticatorOptions {
  /**
   * Requests without an Authorization header pass as the anonymous principal (config
   * allowUnauthenticated). A presented but invalid credential is still rejected.
   */
  allowAnonymous?: boolean;
}

/** True when at least one credential type is configured. */
export function hasAuthMethod(auth: GuardConfig['auth']): boolean {
  return auth.apiKeys !== undefined || auth.jwt !== undefined || auth.introspection !== undefined;
}

/** Credentials are at most this long; longer headers are rejected before any parsing or hashing. */
const MAX_TOKEN_LENGTH = 16_384;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function freezePrincipal(p: Principal): Principal {
  Object.freeze(p.scopes);
  Object.freeze(p.groups);
  return Object.freeze(p);
}

/**
 * Build the request authenticator.
 * - No credential type configured: every caller is anonymous (the bind check keeps that on loopback).
 * - No credentials sent: anonymous with `allowAnonymous` (config allowUnauthenticated), else 401 with
 *   `resource_metadata` and `scope` and no error code (RFC 6750 section 3.1).
 * - Routing: `mlk_` tokens are API keys; JWT-shaped tokens go to JWT verification when configured,
 *   everything else to introspection when configured.
 * - An invalid credential: 401 `error="invalid_token"`. A valid token lacking the configured required
 *   scopes: 403 `insufficient_scope`. Credentials are never logged or echoed.
 */
export function createAuthenticator(
  config: GuardConfig['auth'],
  resource: { resourceUrl: string; metadataUrl: string; scopesSupported: string[] },
  options: AuthenticatorOptions = {},
): Authenticator {
  const groupsClaims = [...config.groupsClaims];
  const apiKeys = config.apiKeys ? createApiKeyVerifier(config.apiKeys.file) : null;
  const jwt = config.jwt
    ? createJwtVerifier(config.jwt, config.jwt.audience ?? resource.resourceUrl, groupsClaims)
    : null;
  const introspection = config.introspection
    ? createIntrospectionVerifier(config.introspection, resource.resourceUrl, groupsClaims)
    : null;
  const anonymousOk = options.allowAnonymous === true;
  const required = [
    ...new Set([...(config.jwt?.requiredScopes ?? []), ...(config.introspection?.requiredScopes ?? [])]),
  ];
  const challengeScopes = required.length > 0 ? required : [...resource.scopesSupported];

  /** 401. `no_credentials` is our label for the log; RFC 6750 puts no error code in that challenge. */
  const reject = (error: 'no_credentials' | 'invalid_token', description: string): AuthOutcome => ({
    ok: false,
    status: 401,
    error,
    description,
    wwwAuthenticate: unauthorizedChallenge(
      resource.metadataUrl,
      challengeScopes,
      error === 'no_credentials' ? undefined : { error, description },
    ),
  });

  function toOutcome(result: VerifyResult): AuthOutcome {
    if (result.ok) return { ok: true, principal: freezePrincipal(result.principal) };
    if (result.error === 'insufficient_scope') {
      return {
        ok: false,
        status: 403,
        error: result.error,
        description: result.description,
        wwwAuthenticate: insufficientScopeChallenge(result.requiredScopes, resource.metadataUrl),
      };
    }
    return reject(result.error, result.description);
  }

  return {
    authenticate(header) {
      // Nothing configured to check a credential against: a presented one is ignored, not refused.
      if (!hasAuthMethod(config)) return { ok: true, principal: freezePrincipal(anonymousPrincipal()) };
      if (header === undefined || header.trim().length === 0) {
        if (anonymousOk) return { ok: true, principal: freezePrincipal(anonymousPrincipal()) };
        return reject('no_credentials', 'authentication required');
      }
      if (header.length > MAX_TOKEN_LENGTH) return reject('invalid_token', 'credential too long');
      const match = BEARER.exec(header);
      if (match === null) return reject('invalid_token', 'expected Authorization: Bearer <token>');
      const token = match[1]!;
      if (looksLikeApiKey(token)) {
        if (apiKeys === null) return reject('invalid_token', 'API keys are not accepted here');
        return toOutcome(apiKeys.verify(token));
      }
      if (jwt !== null && (JWT_SHAPE.test(token) || introspection === null))
        return jwt.verify(token).then(toOutcome);
      if (introspection !== null) return introspection.verify(token).then(toOutcome);
      return reject('invalid_token', 'unknown or revoked API key');
    },
    async close() {
      introspection?.close();
    },
  };
}
