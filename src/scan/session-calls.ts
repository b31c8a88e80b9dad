import type { JsonRpcMessage } from '../mcp/json-rpc.ts';
import { buildSessionRequest } from '../mcp/protocol.ts';
import { type ListCall, listReplyFrom } from './list-surface.ts';
import type { ProbeContext } from './probe-context.ts';
import { exchange } from './rpc-exchange.ts';

/** `notifications/initialized`: some servers list fewer tools, or refuse, until the client sends it. */
export async function sendInitialized(
  ctx: ProbeContext,
  url: string,
  version: string,
  sessionId: string | null,
): Promise<void> {
  const note = buildSessionRequest(null, 'notifications/initialized', version, sessionId);
  await exchange(ctx, { method: 'POST', url, headers: note.headers, body: note.body, expectId: null });
}

/**
 * List calls after an `initialize` (2025 Streamable HTTP, or legacy HTTP+SSE). A legacy server answers
 * on its event stream rather than in the POST's body: `awaitStreamed` reads it from there.
 */
export function sessionListCall(
  ctx: ProbeContext,
  url: string,
  version: string,
  sessionId: string | null,
  awaitStreamed?: (id: number) => Promise<JsonRpcMessage | null>,
): ListCall {
  return async (method, cursor) => {
    const id = ctx.nextId();
    const wire = buildSessionRequest(
      id,
      method,
      version,
      sessionId,
      cursor === null ? undefined : { cursor },
    );
    const reply = await exchange(ctx, {
      method: 'POST',
      url,
      headers: wire.headers,
      body: wire.body,
      expectId: id,
    });
    if (reply.kind !== 'http') return { kind: 'error', message: `${method} failed: ${reply.kind}` };
    if (!awaitStreamed || reply.status === 401 || reply.status === 403 || reply.response)
      return listReplyFrom(reply);
    const streamed = await awaitStreamed(id);
    if (!streamed)
      return { kind: 'error', message: `${method}: no response on the SSE stream before the deadline` };
    return listReplyFrom({ ...reply, response: streamed });
  };
}
