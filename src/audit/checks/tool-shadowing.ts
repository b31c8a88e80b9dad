import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { findShadowing, type Reference } from '../shadowing-references.ts';

/**
 * Redirecting data through another tool is the attack (high). Naming a tool the server lacks, rewriting
 * a sibling, or steering toward other tools in general is steering (medium). A bare "use this instead of
 * X" for a case, or a general hold-back from other tools, only competes for calls (low).
 */
function severityOf(references: readonly Reference[]): Severity {
  if (references.some((r) => r.redirect)) return 'high';
  const steers = (r: Reference) =>
    (r.names.length > 0 && !r.preference) || r.siblings.length > 0 || (r.crossTool && !r.restrictive);
  return references.some(steers) ? 'medium' : 'low';
}

export const toolShadowingCheck: Check = {
  id: 'tool-shadowing',
  title: 'Tool description directs the use of other tools (shadowing)',
  severity: 'medium',
  cwe: ['CWE-1427', 'CWE-441'],
  owaspMcp: ['MCP03', 'MCP06'],
  remediation:
    'A tool should describe itself only. Instructions about other tools or servers let one server change how the agent uses another (e.g. redirecting email recipients). Remove them, and isolate this server from agents that hold sensitive tools.',
  run(observation: Observation, _context: CheckContext): Finding[] {
    const serverTools = new Set(observation.tools.map((t) => t.name));
    const findings: Finding[] = [];
    for (const tool of observation.tools) {
      const references = findShadowing(tool, serverTools);
      if (references.length === 0) continue;
      const severity = severityOf(references);
      const names = [...new Set(references.flatMap((r) => r.names))];
      const siblings = [...new Set(references.flatMap((r) => r.siblings))];
      const about =
        names.length > 0
          ? `tools this server does not have (${names.slice(0, 5).join(', ')})`
          : siblings.length > 0
            ? `how other tools behave (${siblings.slice(0, 5).join(', ')})`
            : 'other tools or servers';
      findings.push(
        createFinding(toolShadowingCheck, observation, {
          subject: tool.name,
          severity,
          message: `Tool ${quote(tool.name)} gives the model directions about ${about}${severity === 'high' ? ', including redirecting data' : ''}.`,
          evidence: { references: references.slice(0, 5) },
        }),
      );
    }
    return findings;
  },
};
