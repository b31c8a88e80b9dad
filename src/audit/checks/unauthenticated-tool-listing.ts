import type { Observation } from '../../scan/observation.ts';
import { targetIsLoopback } from '../address.ts';
import { CAPABILITY_CATALOG, type CapabilityCategory } from '../capability-catalog.ts';
import { classifyTool } from '../classify-tool.ts';
import { createFinding } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { lowerSeverity, maxSeverity } from '../severity.ts';

/** With no dangerous tool, an open server still leaks its surface and lets anyone call what is there. */
const BASE_SEVERITY: Severity = 'medium';
const EMPTY_SEVERITY: Severity = 'low';

function capabilitySummary(observation: Observation): {
  severity: Severity;
  byCategory: Record<string, string[]>;
} {
  let severity: Severity = observation.tools.length === 0 ? EMPTY_SEVERITY : BASE_SEVERITY;
  const byCategory: Partial<Record<CapabilityCategory, string[]>> = {};
  for (const tool of observation.tools) {
    for (const { category } of classifyTool(tool)) {
      const entry = CAPABILITY_CATALOG.find((candidate) => candidate.id === category);
      if (entry !== undefined) severity = maxSeverity(severity, entry.severity);
      const names = byCategory[category] ?? [];
      if (names.length < 20) names.push(tool.name);
      byCategory[category] = names;
    }
  }
  return { severity, byCategory: byCategory as Record<string, string[]> };
}

export const unauthenticatedToolListingCheck: Check = {
  id: 'unauthenticated-tool-listing',
  title: 'Tools listed without authentication',
  severity: 'high',
  cwe: ['CWE-306'],
  owaspMcp: ['MCP07', 'MCP09'],
  remediation:
    'Require authentication on the MCP endpoint (OAuth 2.1 per the MCP authorization spec, or put the server behind `mcp-lockdown guard`), and bind local servers to 127.0.0.1.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    if (observation.status !== 'mcp-open' || observation.auth.mode !== 'none') return [];
    const { severity, byCategory } = capabilitySummary(observation);
    const loopback = targetIsLoopback(observation);
    // Only this machine can reach a loopback server directly; browsers still can, hence one step, not more.
    const finalSeverity = loopback ? lowerSeverity(severity) : severity;
    const categories = Object.keys(byCategory);
    const what =
      categories.length > 0
        ? `, including ${categories.join(', ')}`
        : observation.tools.length === 0
          ? ''
          : ', none of them classified as dangerous';
    return [
      createFinding(unauthenticatedToolListingCheck, observation, {
        severity: finalSeverity,
        message: `Anyone who can reach ${loopback ? 'this machine' : 'this endpoint'} can list and call its ${observation.tools.length}${observation.toolsTruncated ? '+' : ''} tools without credentials${what}.`,
        evidence: {
          toolCount: observation.tools.length,
          toolsTruncated: observation.toolsTruncated,
          dangerousToolsByCategory: byCategory,
          loopback,
        },
      }),
    ];
  },
};
