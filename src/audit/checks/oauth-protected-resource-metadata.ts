import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { listedAuthorizationServers, requiresAuth, resourceMatchesTarget } from '../oauth-view.ts';

export const oauthProtectedResourceMetadataCheck: Check = {
  id: 'oauth-protected-resource-metadata',
  title: 'OAuth protected resource metadata missing or invalid',
  severity: 'medium',
  cwe: ['CWE-287', 'CWE-1188'],
  owaspMcp: ['MCP07'],
  remediation:
    'Serve RFC 9728 protected resource metadata at /.well-known/oauth-protected-resource (path-inserted form for a path endpoint), point to it from `WWW-Authenticate: Bearer resource_metadata="…"`, set `resource` to the endpoint’s canonical URL and list at least one `authorization_servers` issuer.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (!requiresAuth(observation)) return [];
    const fetch = observation.auth.resourceMetadata;
    // null means the scanner did not look (e.g. a partial server); nothing to judge.
    if (fetch === null) return [];
    const document = fetch.document;
    const attempts = fetch.attempts;
    if (document === null) {
      return [
        createFinding(oauthProtectedResourceMetadataCheck, observation, {
          subject: 'resource_metadata',
          message: `The server demands authentication but publishes no usable protected resource metadata (${attempts.length} URL${attempts.length === 1 ? '' : 's'} tried): MCP clients cannot discover how to obtain a token.`,
          evidence: { attempts: attempts.slice(0, 10) },
        }),
      ];
    }
    const findings: Finding[] = [];
    const resource = document.resource;
    if (typeof resource !== 'string' || !resourceMatchesTarget(resource, observation.target)) {
      findings.push(
        createFinding(oauthProtectedResourceMetadataCheck, observation, {
          subject: 'resource',
          // A resource that names another server lets tokens for one be replayed at the other.
          severity: typeof resource === 'string' ? 'high' : 'medium',
          message:
            typeof resource === 'string'
              ? `The protected resource metadata names resource ${quote(resource)}, which is not this endpoint (${quote(observation.target)}).`
              : 'The protected resource metadata has no `resource` string.',
          evidence: { url: fetch.url, resource: resource ?? null, target: observation.target },
        }),
      );
    }
    if (listedAuthorizationServers(document).length === 0) {
      findings.push(
        createFinding(oauthProtectedResourceMetadataCheck, observation, {
          subject: 'authorization_servers',
          message:
            'The protected resource metadata lists no `authorization_servers`: clients cannot find where to get a token.',
          evidence: {
            url: fetch.url,
            authorization_servers: document.authorization_servers ?? null,
          },
        }),
      );
    }
    return findings;
  },
};
