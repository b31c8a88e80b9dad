import type { Observation } from '../../scan/observation.ts';
import { comparable, diffTools } from '../baseline-diff.ts';
import { CAPABILITY_CATALOG } from '../capability-catalog.ts';
import { classifyTool } from '../classify-tool.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding, Severity } from '../finding.ts';
import { maxSeverity } from '../severity.ts';
import { toolIdentity } from '../tool-identity.ts';

export const toolAddedSinceBaselineCheck: Check = {
  id: 'tool-added-since-baseline',
  title: 'Tool added since the baseline',
  severity: 'low',
  cwe: ['CWE-494'],
  owaspMcp: ['MCP02', 'MCP04'],
  remediation:
    'Review the new tool before agents use it; accept it by saving this scan as the new baseline, or block it in the gateway policy.',
  run(observation: Observation, context: CheckContext): Finding[] {
    if (!comparable(context.baseline, observation)) return [];
    return diffTools(context.baseline, observation).added.map((tool) => {
      const categories = classifyTool(tool).map((c) => c.category);
      // A new tool inherits the danger of what it can do: a new command-execution tool is a new attack path.
      let severity: Severity = 'low';
      for (const category of categories) {
        const entry = CAPABILITY_CATALOG.find((e) => e.id === category);
        if (entry !== undefined)
          severity = maxSeverity(severity, entry.severity === 'critical' ? 'high' : 'medium');
      }
      return createFinding(toolAddedSinceBaselineCheck, observation, {
        subject: tool.name,
        severity,
        message: `Tool ${quote(tool.name)} was not there at the baseline${categories.length > 0 ? `; it looks capable of ${categories.join(', ')}` : ''}.`,
        evidence: { identity: toolIdentity(tool), categories },
      });
    });
  },
};
