import type { Observation } from '../../scan/observation.ts';
import { comparable, diffTools } from '../baseline-diff.ts';
import { createFinding, escapeText, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';

function preview(text: string | null | undefined): string | null {
  return typeof text === 'string' ? escapeText(text, 300) : null;
}

export const toolChangedSinceBaselineCheck: Check = {
  id: 'tool-changed-since-baseline',
  title: 'Tool definition changed since the baseline (rug pull)',
  severity: 'high',
  cwe: ['CWE-494', 'CWE-345'],
  owaspMcp: ['MCP03', 'MCP04'],
  remediation:
    'Review the new description and schema before any agent uses the tool again; if the change is expected, accept it by saving this scan as the new baseline. Pin server versions so definitions change only when you upgrade.',
  run(observation: Observation, context: CheckContext): Finding[] {
    if (!comparable(context.baseline, observation)) return [];
    const baseline = context.baseline;
    return diffTools(baseline, observation).changed.map((change) => {
      const before = baseline.tools.find((t) => t.name === change.name);
      const after = observation.tools.find((t) => t.name === change.name);
      return createFinding(toolChangedSinceBaselineCheck, observation, {
        subject: change.name,
        message: `Tool ${quote(change.name)} is not the tool that was reviewed: its ${change.changed.join(' and ')} changed since the baseline.`,
        evidence: {
          identityBefore: change.before,
          identityAfter: change.after,
          changed: change.changed,
          descriptionBefore: preview(before?.description),
          descriptionAfter: preview(after?.description),
        },
      });
    });
  },
};
