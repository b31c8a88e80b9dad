import type { Observation } from '../../scan/observation.ts';
import { MCP_STATUSES } from '../../scan/status.ts';
import { isPrivateAddress, targetIsLoopback } from '../address.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';

export const originNotValidatedCheck: Check = {
  id: 'origin-not-validated',
  title: 'Origin header not validated (DNS rebinding)',
  severity: 'high',
  cwe: ['CWE-346'],
  owaspMcp: ['MCP07'],
  remediation:
    'Validate the Origin header on every request and answer 403 to origins you do not serve (the MCP transport spec requires it); enable the SDK’s DNS-rebinding protection or put `mcp-lockdown guard` in front. Bind local servers to 127.0.0.1.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const probe = observation.originProbe;
    if (probe === null || !probe.accepted || !MCP_STATUSES.has(observation.status)) return [];
    const local = targetIsLoopback(observation) || isPrivateAddress(observation.address ?? observation.host);
    // DNS rebinding turns any web page into a caller of servers on this machine or this network.
    const severity: Severity = local ? 'high' : 'medium';
    return [
      createFinding(originNotValidatedCheck, observation, {
        subject: 'Origin',
        severity,
        message: `The server processed a request carrying the foreign Origin ${quote(probe.origin)} (HTTP ${probe.status ?? 'no status'}), so a web page visited by ${local ? 'anyone on this machine or network' : 'a user'} can drive it through DNS rebinding.`,
        evidence: { origin: probe.origin, status: probe.status, local },
      }),
    ];
  },
};
