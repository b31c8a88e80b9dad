import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { authorizationServerPairs, requiresAuth } from '../oauth-view.ts';

export const oauthAuthorizationServerMetadataCheck: Check = {
  id: 'oauth-authorization-server-metadata',
  title: 'Authorization server metadata unreachable or issuer mismatch',
  severity: 'medium',
  cwe: ['CWE-346', 'CWE-287'],
  owaspMcp: ['MCP07'],
  remediation:
    'Publish RFC 8414 (or OpenID Connect discovery) metadata for every listed authorization server, with `issuer` exactly equal to the issuer URL the protected resource metadata lists.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (!requiresAuth(observation)) return [];
    const findings: Finding[] = [];
    for (const { expectedIssuer, fetch } of authorizationServerPairs(observation)) {
      const subject = expectedIssuer ?? fetch.attempts[0]?.url ?? 'authorization-server';
      if (fetch.document === null) {
        findings.push(
          createFinding(oauthAuthorizationServerMetadataCheck, observation, {
            subject,
            message: `No authorization server metadata could be fetched for ${quote(subject)} (${fetch.attempts.length} URLs tried): clients cannot start the OAuth flow.`,
            evidence: { attempts: fetch.attempts.slice(0, 10) },
          }),
        );
        continue;
      }
      const issuer = fetch.document.issuer;
      if (expectedIssuer !== null && issuer !== expectedIssuer) {
        findings.push(
          createFinding(oauthAuthorizationServerMetadataCheck, observation, {
            subject,
            // RFC 8414 section 3.3: a mismatch must be rejected; accepting it opens mix-up attacks.
            severity: 'high',
            message: `Authorization server metadata at ${quote(fetch.url ?? '')} declares issuer ${typeof issuer === 'string' ? quote(issuer) : 'none'}, not the listed ${quote(expectedIssuer)}; conforming clients must refuse it.`,
            evidence: { url: fetch.url, issuer: issuer ?? null, expectedIssuer },
          }),
        );
      }
    }
    return findings;
  },
};
