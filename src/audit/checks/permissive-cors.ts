import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';

export const permissiveCorsCheck: Check = {
  id: 'permissive-cors',
  title: 'Permissive CORS policy',
  severity: 'medium',
  cwe: ['CWE-942', 'CWE-346'],
  owaspMcp: ['MCP07'],
  remediation:
    'Send Access-Control-Allow-Origin only for the exact origins of your own web clients, never `*` or an echo of the request, and never together with Access-Control-Allow-Credentials for untrusted origins.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const probe = observation.originProbe;
    if (probe === null || probe.allowOrigin === null) return [];
    const allowOrigin = probe.allowOrigin.trim();
    const wildcard = allowOrigin === '*';
    const echoed =
      allowOrigin.toLowerCase() === probe.origin.toLowerCase() || allowOrigin.toLowerCase() === 'null';
    if (!wildcard && !echoed) return [];
    // An echoed origin with credentials lets any site make authenticated calls and read the answers.
    const severity: Severity = echoed && probe.allowCredentials ? 'high' : 'medium';
    return [
      createFinding(permissiveCorsCheck, observation, {
        subject: 'Access-Control-Allow-Origin',
        severity,
        message: `The server answered a foreign Origin with Access-Control-Allow-Origin ${quote(allowOrigin)}${probe.allowCredentials ? ' and Access-Control-Allow-Credentials: true' : ''}: any web site can read its responses${probe.allowCredentials ? ' with the user’s credentials' : ''}.`,
        evidence: {
          origin: probe.origin,
          allowOrigin,
          allowCredentials: probe.allowCredentials,
          wildcard,
          echoed,
        },
      }),
    ];
  },
};
