import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { authorizationServerPairs, requiresAuth } from '../oauth-view.ts';

export const oauthPkceS256Check: Check = {
  id: 'oauth-pkce-s256',
  title: 'Authorization server does not advertise PKCE S256',
  severity: 'high',
  cwe: ['CWE-287', 'CWE-345'],
  owaspMcp: ['MCP07', 'MCP01'],
  remediation:
    'Support PKCE with the S256 method and list it in `code_challenge_methods_supported`; MCP clients must refuse authorization servers that do not advertise it.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (!requiresAuth(observation)) return [];
    const findings: Finding[] = [];
    for (const { expectedIssuer, fetch } of authorizationServerPairs(observation)) {
      if (fetch.document === null) continue;
      const methods = fetch.document.code_challenge_methods_supported;
      const list = Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : [];
      if (list.includes('S256')) continue;
      const subject = expectedIssuer ?? fetch.url ?? 'authorization-server';
      findings.push(
        createFinding(oauthPkceS256Check, observation, {
          subject,
          message: `Authorization server ${quote(subject)} ${list.length === 0 ? 'advertises no PKCE methods' : `advertises only ${list.map((m) => quote(m, 20)).join(', ')}`}: authorization codes can be intercepted and MCP clients will refuse to use it.`,
          evidence: { url: fetch.url, code_challenge_methods_supported: methods ?? null },
        }),
      );
    }
    return findings;
  },
};
