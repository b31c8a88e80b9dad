import type { Observation } from '../../scan/observation.ts';
import { CAPABILITY_CATALOG, type CapabilityCategory } from '../capability-catalog.ts';
import { classifyTool } from '../classify-tool.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { lowerSeverity } from '../severity.ts';

/**
 * One check per capability category, all built the same way from the catalog entry: a finding per
 * tool that the classifier puts in the category. Exposed anonymously, the category's severity applies;
 * behind authentication (tools seen with credentials), one step lower.
 */
export function createCapabilityCheck(category: CapabilityCategory): Check {
  const entry = CAPABILITY_CATALOG.find((candidate) => candidate.id === category);
  if (entry === undefined) throw new TypeError(`unknown capability category: ${category}`);
  const check: Check = {
    id: `capability-${category}`,
    title: `Tool exposes ${entry.title.toLowerCase()}`,
    severity: entry.severity,
    cwe: entry.cwe,
    owaspMcp: entry.owaspMcp,
    remediation: entry.remediation,
    run(observation: Observation, _context: CheckContext): Finding[] {
      const anonymous = observation.auth.mode === 'none';
      const findings: Finding[] = [];
      for (const tool of observation.tools) {
        const match = classifyTool(tool).find((c) => c.category === category);
        if (match === undefined) continue;
        findings.push(
          createFinding(check, observation, {
            subject: tool.name,
            severity: anonymous ? entry.severity : lowerSeverity(entry.severity),
            message: `Tool ${quote(tool.name)} ${anonymous ? 'is callable without authentication and ' : ''}looks capable of ${entry.title.toLowerCase()}: ${entry.risk}`,
            evidence: {
              category,
              confidence: match.confidence,
              reasons: match.reasons,
              annotations: tool.annotations,
              anonymous,
            },
          }),
        );
      }
      return findings;
    },
  };
  return check;
}
