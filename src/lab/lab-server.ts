import type { LabServerInfo } from './lab-types.ts';

/** One running lab server: what it is (the answer key) and how to stop it. */
export interface LabServerHandle {
  info: LabServerInfo;
  /** Stops listening, ends open MCP sessions and drops idle keep-alive sockets. */
  close(): Promise<void>;
}

/** A lab server before it runs: started on a given loopback host and port (0 = ephemeral). */
export interface LabServerDefinition {
  id: string;
  start(host: string, port: number): Promise<LabServerHandle>;
}
