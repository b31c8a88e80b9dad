import type { Era, Transport } from '../scan/observation.ts';
import type { ScanStatus } from '../scan/status.ts';

/** What the scanner must find at one lab server: the lab is its own answer key. */
export interface LabExpectation {
  status: ScanStatus;
  transport: Transport | null;
  era: Era | null;
  authMode: 'none' | 'required' | 'partial' | 'unknown';
  /** Exact tool names an anonymous caller sees (empty when auth blocks listing). */
  tools: string[];
}

export interface LabServerInfo {
  id: string;
  title: string;
  /** The MCP endpoint URL on loopback. */
  url: string;
  description: string;
  expected: LabExpectation;
  /** Credentials that open a protected server (for tests and the demo), when it has any. */
  credentials?: { header: string; value: string };
}

export interface Lab {
  servers: LabServerInfo[];
  stop(): Promise<void>;
}
