import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { authorizationServerPairs, requiresAuth } from '../oauth-view.ts';

export const oauthClientRegistrationCheck: Check = {
  id: 'oauth-client-registration',
  title: 'No client registration path for MCP clients',
  severity: 'medium',
  cwe: ['CWE-1188'],
  owaspMcp: ['MCP07'],
  remediation:
    'Support Client ID Metadata Documents (`client_id_metadata_document_supported: true`, preferred since 2025-11-25) or, for older clients, Dynamic Client Registration (`registration_endpoint`); otherwise users fall back to shared static credentials.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (!requiresAuth(observation)) return [];
    const findings: Finding[] = [];
    for (const { expectedIssuer, fetch } of authorizationServerPairs(observation)) {
      const document = fetch.document;
      if (document === null) continue;
      const cimd = document.client_id_metadata_document_supported === true;
      const dcr =
        typeof document.registration_endpoint === 'string' && document.registration_endpoint.length > 0;
      if (cimd || dcr) continue;
      const subject = expectedIssuer ?? fetch.url ?? 'authorization-server';
      findings.push(
        createFinding(oauthClientRegistrationCheck, observation, {
          subject,
          message: `Authorization server ${quote(subject)} offers neither Client ID Metadata Documents nor Dynamic Client Registration: an MCP client it has never seen cannot register.`,
          evidence: {
            url: fetch.url,
            client_id_metadata_document_supported: document.client_id_metadata_document_supported ?? null,
            registration_endpoint: document.registration_endpoint ?? null,
          },
        }),
      );
    }
    return findings;
  },
};
