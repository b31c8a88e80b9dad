import type { Observation } from '../../scan/observation.ts';
import { MCP_STATUSES } from '../../scan/status.ts';
import { targetIsLoopback } from '../address.ts';
import { createFinding } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

export const plaintextHttpCheck: Check = {
  id: 'plaintext-http',
  title: 'MCP over plaintext HTTP beyond loopback',
  severity: 'medium',
  cwe: ['CWE-319'],
  owaspMcp: ['MCP01', 'MCP07'],
  remediation:
    'Serve MCP over HTTPS (TLS 1.2+) on every non-loopback address; terminate TLS at a reverse proxy or `mcp-lockdown guard` if the server cannot.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (observation.tls || !MCP_STATUSES.has(observation.status) || targetIsLoopback(observation)) return [];
    if (!observation.target.toLowerCase().startsWith('http:')) return [];
    // With authentication, bearer tokens cross the network in clear text; without, tool calls and results do.
    const carriesCredentials = observation.auth.mode === 'required' || observation.auth.mode === 'partial';
    return [
      createFinding(plaintextHttpCheck, observation, {
        subject: 'transport-security',
        severity: carriesCredentials ? 'high' : 'medium',
        message: `The MCP endpoint is served over plain HTTP on ${observation.address ?? observation.host}: ${carriesCredentials ? 'access tokens' : 'tool calls and their results'} can be read and altered on the network.`,
        evidence: {
          target: observation.target,
          address: observation.address,
          authMode: observation.auth.mode,
        },
      }),
    ];
  },
};
