import type { Observation } from '../../scan/observation.ts';
import { comparable, diffTools } from '../baseline-diff.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { toolIdentity } from '../tool-identity.ts';

export const toolRemovedSinceBaselineCheck: Check = {
  id: 'tool-removed-since-baseline',
  title: 'Tool removed since the baseline',
  severity: 'info',
  cwe: ['CWE-494'],
  owaspMcp: ['MCP04'],
  remediation:
    'Confirm the removal was intended (an upgrade, a configuration change); then save this scan as the new baseline.',
  run(observation: Observation, context: CheckContext): Finding[] {
    // A truncated listing cannot prove that a tool is gone.
    if (!comparable(context.baseline, observation) || observation.toolsTruncated) return [];
    return diffTools(context.baseline, observation).removed.map((tool) =>
      createFinding(toolRemovedSinceBaselineCheck, observation, {
        subject: tool.name,
        message: `Tool ${quote(tool.name)} was listed at the baseline and is gone now.`,
        evidence: { identity: toolIdentity(tool) },
      }),
    );
  },
};
