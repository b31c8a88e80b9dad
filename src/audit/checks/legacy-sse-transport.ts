import type { Observation } from '../../scan/observation.ts';
import { createFinding } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

export const legacySseTransportCheck: Check = {
  id: 'legacy-sse-transport',
  title: 'Legacy HTTP+SSE transport only',
  severity: 'low',
  cwe: ['CWE-477'],
  owaspMcp: ['MCP04', 'MCP09'],
  remediation:
    'Move to the Streamable HTTP transport (current SDKs). The HTTP+SSE transport of 2024-11-05 is deprecated, keeps long-lived unauthenticated streams open, and usually predates any authorization support.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (observation.transport !== 'sse' && observation.era !== '2024-11-05') return [];
    if (
      observation.status !== 'mcp-open' &&
      observation.status !== 'mcp-partial' &&
      observation.status !== 'mcp-auth-required'
    ) {
      return [];
    }
    return [
      createFinding(legacySseTransportCheck, observation, {
        subject: 'transport',
        // Deprecated and open: an SSE server without auth usually cannot add it without a rewrite.
        severity: observation.auth.mode === 'none' ? 'medium' : 'low',
        message: 'The server speaks only the deprecated HTTP+SSE transport (2024-11-05 era).',
        evidence: { transport: observation.transport, era: observation.era, authMode: observation.auth.mode },
      }),
    ];
  },
};
