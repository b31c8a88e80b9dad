import type { Observation } from '../../scan/observation.ts';
import { urlIsLoopback } from '../address.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import {
  authorizationServerPairs,
  listedAuthorizationServers,
  protectedResourceDocument,
  requiresAuth,
} from '../oauth-view.ts';

const ENDPOINT_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'jwks_uri',
  'introspection_endpoint',
  'revocation_endpoint',
] as const;

function isInsecure(url: string): boolean {
  return url.toLowerCase().startsWith('http:') && !urlIsLoopback(url);
}

export const oauthInsecureEndpointCheck: Check = {
  id: 'oauth-insecure-endpoint',
  title: 'OAuth metadata or endpoint over plain HTTP',
  severity: 'high',
  cwe: ['CWE-319', 'CWE-523'],
  owaspMcp: ['MCP01', 'MCP07'],
  remediation:
    'Use HTTPS for every OAuth URL (metadata, issuer, authorization, token, registration, JWKS); the MCP authorization spec allows plain HTTP only on loopback.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (!requiresAuth(observation)) return [];
    const seen = new Map<string, string>();
    const prm = observation.auth.resourceMetadata;
    if (prm?.url != null) seen.set(prm.url, 'protected resource metadata');
    for (const issuer of listedAuthorizationServers(protectedResourceDocument(observation)))
      seen.set(issuer, 'authorization_servers');
    for (const { fetch } of authorizationServerPairs(observation)) {
      if (fetch.url !== null) seen.set(fetch.url, 'authorization server metadata');
      for (const field of ENDPOINT_FIELDS) {
        const value = fetch.document?.[field];
        if (typeof value === 'string') seen.set(value, field);
      }
    }
    const findings: Finding[] = [];
    for (const [url, field] of seen) {
      if (!isInsecure(url)) continue;
      findings.push(
        createFinding(oauthInsecureEndpointCheck, observation, {
          subject: url.slice(0, 300),
          message: `The ${field} URL ${quote(url)} uses plain HTTP on a non-loopback host: codes, tokens or keys can be read or replaced in transit.`,
          evidence: { url, field },
        }),
      );
      if (findings.length >= 20) break;
    }
    return findings;
  },
};
