import type { Severity } from './finding.ts';

/**
 * MCP protocol revisions and how current each is, as data. Update when a revision is published.
 * `outdated` revisions lack security fixes of later ones (authorization, Origin validation, resource
 * indicators) and get a finding; `previous` ones are still fine.
 */
export interface ProtocolRevision {
  version: string;
  status: 'current' | 'previous' | 'outdated';
  severity: Severity | null;
  note: string;
}

export const PROTOCOL_REVISIONS: readonly ProtocolRevision[] = [
  { version: '2026-07-28', status: 'current', severity: null, note: 'Latest revision (stateless).' },
  {
    version: '2025-11-25',
    status: 'previous',
    severity: null,
    note: 'Client ID Metadata Documents; still widely deployed.',
  },
  {
    version: '2025-06-18',
    status: 'previous',
    severity: null,
    note: 'OAuth resource server model and resource indicators.',
  },
  {
    version: '2025-03-26',
    status: 'outdated',
    severity: 'low',
    note: 'First Streamable HTTP revision; predates the resource-server authorization model and mandatory resource indicators (RFC 8707).',
  },
  {
    version: '2024-11-05',
    status: 'outdated',
    severity: 'medium',
    note: 'Original HTTP+SSE revision: no authorization framework at all, deprecated transport.',
  },
];

export function findProtocolRevision(version: string): ProtocolRevision | undefined {
  return PROTOCOL_REVISIONS.find((revision) => revision.version === version);
}

export const CURRENT_PROTOCOL_VERSION = PROTOCOL_REVISIONS.find((r) => r.status === 'current')?.version ?? '';
