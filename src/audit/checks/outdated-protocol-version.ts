import type { Observation } from '../../scan/observation.ts';
import { createFinding, quote } from '../create-finding.ts';
import type { Check, CheckContext, Finding } from '../finding.ts';
import { CURRENT_PROTOCOL_VERSION, findProtocolRevision } from '../protocol-versions.ts';

export const outdatedProtocolVersionCheck: Check = {
  id: 'outdated-protocol-version',
  title: 'Outdated MCP protocol version',
  severity: 'low',
  cwe: ['CWE-1104', 'CWE-477'],
  owaspMcp: ['MCP04'],
  remediation: `Upgrade the server's MCP SDK so it negotiates a current revision (${CURRENT_PROTOCOL_VERSION} is the latest).`,
  run(observation: Observation, _context: CheckContext): Finding[] {
    const version = observation.protocolVersion;
    if (version === null) return [];
    const revision = findProtocolRevision(version);
    if (revision === undefined || revision.status !== 'outdated' || revision.severity === null) return [];
    // A server that also offers a newer revision (2026 discover lists) is only outdated for old clients.
    const newer = (observation.supportedVersions ?? []).filter(
      (v) => findProtocolRevision(v)?.status !== 'outdated',
    );
    if (newer.length > 0) return [];
    return [
      createFinding(outdatedProtocolVersionCheck, observation, {
        subject: 'protocolVersion',
        severity: revision.severity,
        message: `The server speaks MCP ${quote(version)}, older than the current ${CURRENT_PROTOCOL_VERSION}: ${revision.note}`,
        evidence: {
          protocolVersion: version,
          supportedVersions: observation.supportedVersions,
          current: CURRENT_PROTOCOL_VERSION,
        },
      }),
    ];
  },
};
