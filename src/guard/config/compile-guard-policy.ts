import { type CompiledPolicy, compilePolicy } from '../../policy/compile-policy.ts';
import { readKeyStore } from '../auth/api-key-store.ts';
import type { GuardConfig } from './guard-config-schema.ts';

/**
 * Compile the config's policy for the guard, checking that every API key name a rule mentions exists in
 * the key store (a typo there would silently match nobody). Null when the config has no policy.
 * Throws ERR_INVALID_POLICY or ERR_KEY_STORE.
 */
export function compileGuardPolicy(config: GuardConfig): CompiledPolicy | null {
  if (config.policy === null) return null;
  const file = config.auth.apiKeys?.file;
  const apiKeyNames =
    file === undefined ? [] : readKeyStore(file, { missingOk: true }).keys.map((k) => k.name);
  return compilePolicy(config.policy, { apiKeyNames });
}
