import { createPublicKey } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { LockdownError } from '../../errors.ts';
import { missingScopes } from '../../policy/scopes.ts';
import type { GuardConfig } from '../config/guard-config-schema.ts';
import { principalFromClaims } from './claims-to-principal.ts';
import { invalidToken, type VerifyResult } from './verify-result.ts';

type JwtConfig = NonNullable<GuardConfig['auth']['jwt']>;

export interface JwtVerifier {
  verify(token: string): Promise<VerifyResult>;
}

/** Private JWK members: never keep them, even if someone pasted a private key into the config. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function staticKeySet(keys: JwtConfig['staticKeys'] & object): JWTVerifyGetKey {
  const jwks: JWK[] = keys.map((key, i) => {
    if (typeof key === 'string') {
      try {
        return createPublicKey(key).export({ format: 'jwk' }) as JWK;
      } catch (err) {
        throw new LockdownError(
          'ERR_INVALID_CONFIG',
          `auth.jwt.staticKeys[${i}]: not a usable PEM public key`,
          {},
          { cause: err },
        );
      }
    }
    const jwk: Record<string, unknown> = { ...key };
    for (const m of PRIVATE_MEMBERS) delete jwk[m];
    return jwk as JWK;
  });
  return createLocalJWKSet({ keys: jwks } as JSONWebKeySet);
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'token not yet valid';
    if (err.claim === 'iss') return 'token issuer is not accepted';
    if (err.claim === 'aud') return 'token audience is not this resource';
    return `token claim ${err.claim} is invalid`;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no signing key matches the token';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'token key id is ambiguous';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof errors.JWKSTimeout) return 'signing keys could not be fetched in time';
  if (err instanceof errors.JWKSInvalid) return 'signing key set is invalid';
  if (err instanceof errors.JOSENotSupported) return 'token algorithm or key type is not supported';
  return 'token is malformed';
}

/**
 * Verify OAuth 2.1 JWT access tokens: signature with the configured keys (remote JWKS: cached, refetched
 * on an unknown kid at most once per cooldown, with a fetch timeout), issuer, audience equal to the
 * canonical resource URI (RFC 8707), algorithm allowlist (asymmetric only), exp required, nbf, clock skew.
 */
export function createJwtVerifier(
  config: JwtConfig,
  audience: string,
  groupsClaims: readonly string[],
): JwtVerifier {
  const getKey: JWTVerifyGetKey =
    config.jwksUrl !== undefined
      ? createRemoteJWKSet(new URL(config.jwksUrl), {
          timeoutDuration: config.jwksTimeoutMs,
          cooldownDuration: config.jwksCooldownMs,
          cacheMaxAge: 600_000,
        })
      : staticKeySet(config.staticKeys ?? []);
  const algorithms = [...config.algorithms];
  const required = [...config.requiredScopes];

  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        const result = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience,
          algorithms,
          clockTolerance: config.clockToleranceSec,
          requiredClaims: ['exp'],
        });
        payload = result.payload as Record<string, unknown>;
      } catch (err) {
        return invalidToken(describeJoseError(err));
      }
      const principal = principalFromClaims('jwt', payload, groupsClaims);
      if (principal === null) return invalidToken('token names neither a subject nor a client');
      if (missingScopes(principal.scopes, required).length > 0) {
        return {
          ok: false,
          error: 'insufficient_scope',
          description: 'token lacks a required scope',
          requiredScopes: required,
        };
      }
      return { ok: true, principal };
    },
  };
}
