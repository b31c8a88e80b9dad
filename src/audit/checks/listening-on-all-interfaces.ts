import type { Observation } from '../../scan/observation.ts';
import { createFinding } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

export const listeningOnAllInterfacesCheck: Check = {
  id: 'listening-on-all-interfaces',
  title: 'Local server reachable on every network interface',
  severity: 'high',
  cwe: ['CWE-1327', 'CWE-668'],
  owaspMcp: ['MCP09', 'MCP07'],
  remediation:
    'Bind the server to 127.0.0.1 (not 0.0.0.0 or ::) unless other machines must reach it; if they must, require authentication and TLS, or front it with `mcp-lockdown guard`.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const exposed = observation.exposedOn;
    if (exposed === null || exposed.length === 0) return [];
    const open = observation.auth.mode === 'none';
    return [
      createFinding(listeningOnAllInterfacesCheck, observation, {
        subject: 'bind-address',
        // Open and on the LAN is how "local" MCP servers end up in internet scans.
        severity: open ? 'high' : 'medium',
        message: `The server scanned on loopback also accepts connections on ${exposed.slice(0, 5).join(', ')}${exposed.length > 5 ? ` and ${exposed.length - 5} more` : ''}: it listens on every interface${open ? ' without authentication' : ''}.`,
        evidence: { exposedOn: exposed.slice(0, 50), authMode: observation.auth.mode },
      }),
    ];
  },
};
