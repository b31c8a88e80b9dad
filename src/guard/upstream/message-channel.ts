/**
 * A bidirectional JSON-RPC message channel to one upstream conversation: one stdio child process, or one
 * legacy HTTP+SSE connection. The channel bridge speaks Streamable HTTP inbound over these.
 */
import type { JsonRpcMessage } from '../../mcp/json-rpc.ts';

export interface MessageChannel {
  /** Resolves once written (stdio) or accepted (HTTP POST); rejects when the channel is closed. */
  send(message: JsonRpcMessage): Promise<void>;
  /** Set by the owner before the first send. */
  onMessage: (message: JsonRpcMessage) => void;
  /** Called once when the channel dies (child exit, stream end) with a short reason. */
  onClose: (reason: string) => void;
  readonly alive: boolean;
  close(): Promise<void>;
}

export type ChannelFactory = () => Promise<MessageChannel>;
