import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

export const initializeOpenListingGuardedCheck: Check = {
  id: 'initialize-open-listing-guarded',
  title: 'Server answers initialize anonymously but guards its tools',
  severity: 'info',
  cwe: ['CWE-200'],
  owaspMcp: ['MCP09'],
  remediation:
    'Nothing urgent: tools are protected. To avoid advertising the server, require authentication before initialize/server/discover as well.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (observation.status !== 'mcp-partial') return [];
    const server = observation.serverInfo;
    return [
      createFinding(initializeOpenListingGuardedCheck, observation, {
        message: `The server reveals itself${server === null ? '' : ` (${quote(server.name, 80)}${server.version === null ? '' : ` ${quote(server.version, 40)}`})`} to anonymous callers, but refused to list tools without credentials${observation.auth.httpStatus === null ? '' : ` (HTTP ${observation.auth.httpStatus})`}.`,
        evidence: {
          serverInfo: server,
          protocolVersion: observation.protocolVersion,
          httpStatus: observation.auth.httpStatus,
        },
      }),
    ];
  },
};
