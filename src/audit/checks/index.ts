import type { Check } from '../finding.ts';
import { browserAutomationCheck } from './capability-browser-automation.ts';
import { cloudInfrastructureCheck } from './capability-cloud-infrastructure.ts';
import { codeExecutionCheck } from './capability-code-execution.ts';
import { commandExecutionCheck } from './capability-command-execution.ts';
import { databaseQueryCheck } from './capability-database-query.ts';
import { fileReadCheck } from './capability-file-read.ts';
import { fileWriteCheck } from './capability-file-write.ts';
import { messagingEmailCheck } from './capability-messaging-email.ts';
import { networkFetchCheck } from './capability-network-fetch.ts';
import { paidComputeCheck } from './capability-paid-compute.ts';
import { paymentsFinanceCheck } from './capability-payments-finance.ts';
import { secretsCredentialsCheck } from './capability-secrets-credentials.ts';
import { initializeOpenListingGuardedCheck } from './initialize-open-listing-guarded.ts';
import { legacySseTransportCheck } from './legacy-sse-transport.ts';
import { listeningOnAllInterfacesCheck } from './listening-on-all-interfaces.ts';
import { oauthAuthorizationServerMetadataCheck } from './oauth-authorization-server-metadata.ts';
import { oauthClientRegistrationCheck } from './oauth-client-registration.ts';
import { oauthInsecureEndpointCheck } from './oauth-insecure-endpoint.ts';
import { oauthPkceS256Check } from './oauth-pkce-s256.ts';
import { oauthProtectedResourceMetadataCheck } from './oauth-protected-resource-metadata.ts';
import { originNotValidatedCheck } from './origin-not-validated.ts';
import { outdatedProtocolVersionCheck } from './outdated-protocol-version.ts';
import { permissiveCorsCheck } from './permissive-cors.ts';
import { plaintextHttpCheck } from './plaintext-http.ts';
import { toolAddedSinceBaselineCheck } from './tool-added-since-baseline.ts';
import { toolChangedSinceBaselineCheck } from './tool-changed-since-baseline.ts';
import { toolExfiltrationParameterCheck } from './tool-exfiltration-parameter.ts';
import { toolHiddenContentCheck } from './tool-hidden-content.ts';
import { toolHiddenUnicodeCheck } from './tool-hidden-unicode.ts';
import { toolPoisoningInstructionsCheck } from './tool-poisoning-instructions.ts';
import { toolRemovedSinceBaselineCheck } from './tool-removed-since-baseline.ts';
import { toolShadowingCheck } from './tool-shadowing.ts';
import { unauthenticatedToolListingCheck } from './unauthenticated-tool-listing.ts';

/** Every check, in report order: access, capabilities, poisoning, transport, OAuth, drift. */
export const ALL_CHECKS: readonly Check[] = [
  unauthenticatedToolListingCheck,
  initializeOpenListingGuardedCheck,
  commandExecutionCheck,
  codeExecutionCheck,
  fileReadCheck,
  fileWriteCheck,
  databaseQueryCheck,
  cloudInfrastructureCheck,
  networkFetchCheck,
  secretsCredentialsCheck,
  messagingEmailCheck,
  paymentsFinanceCheck,
  browserAutomationCheck,
  paidComputeCheck,
  toolPoisoningInstructionsCheck,
  toolHiddenUnicodeCheck,
  toolHiddenContentCheck,
  toolShadowingCheck,
  toolExfiltrationParameterCheck,
  originNotValidatedCheck,
  permissiveCorsCheck,
  plaintextHttpCheck,
  listeningOnAllInterfacesCheck,
  legacySseTransportCheck,
  outdatedProtocolVersionCheck,
  oauthProtectedResourceMetadataCheck,
  oauthAuthorizationServerMetadataCheck,
  oauthPkceS256Check,
  oauthClientRegistrationCheck,
  oauthInsecureEndpointCheck,
  toolChangedSinceBaselineCheck,
  toolAddedSinceBaselineCheck,
  toolRemovedSinceBaselineCheck,
];

/** Look up a check by id (for reports, the ignore file and SARIF rules). */
export function findCheck(id: string): Check | undefined {
  return ALL_CHECKS.find((check) => check.id === id);
}
