import { type Page, parsePromptsPage, parseResourcesPage, parseToolsPage } from '../mcp/results.ts';
import { parseWwwAuthenticate } from '../mcp/www-authenticate.ts';
import { headerValues } from '../net/http-client.ts';
import type { EndpointFacts } from './endpoint-facts.ts';
import type { ProbeContext } from './probe-context.ts';
import type { HttpAnswer } from './rpc-exchange.ts';

/** One list call in whatever era the server speaks. */
export type ListReply =
  | { kind: 'result'; result: unknown }
  | { kind: 'refused'; answer: HttpAnswer }
  | { kind: 'error'; message: string };

export type ListCall = (method: string, cursor: string | null) => Promise<ListReply>;

/** Classify an HTTP answer to a list request: a 401/403 is a refusal, a JSON-RPC result or error otherwise. */
export function listReplyFrom(answer: HttpAnswer): ListReply {
  if (answer.status === 401 || answer.status === 403) return { kind: 'refused', answer };
  const response = answer.response;
  if (response && 'result' in response) return { kind: 'result', result: response.result };
  if (response && 'error' in response) {
    return {
      kind: 'error',
      message: `JSON-RPC error ${response.error.code}: ${response.error.message.slice(0, 200)}`,
    };
  }
  return { kind: 'error', message: `HTTP ${answer.status} without a JSON-RPC response` };
}

async function collect<T>(
  ctx: ProbeContext,
  call: ListCall,
  method: string,
  parse: (result: unknown) => Page<T> | { invalid: string },
  maxItems: number,
): Promise<{ items: T[]; truncated: boolean; refused: HttpAnswer | null }> {
  const items: T[] = [];
  let cursor: string | null = null;
  const seen = new Set<string>();
  for (let pageNo = 0; pageNo < ctx.maxListPages; pageNo += 1) {
    const reply = await call(method, cursor);
    if (reply.kind === 'refused') return { items, truncated: false, refused: reply.answer };
    if (reply.kind === 'error') {
      ctx.evidence.push(`${method}: ${reply.message}`);
      return { items, truncated: false, refused: null };
    }
    const page = parse(reply.result);
    if ('invalid' in page) {
      ctx.evidence.push(`${method}: ${page.invalid}`);
      return { items, truncated: false, refused: null };
    }
    if (page.rejected > 0) ctx.evidence.push(`${method}: ${page.rejected} malformed entries ignored`);
    for (const item of page.items) {
      if (items.length >= maxItems) return { items, truncated: true, refused: null };
      items.push(item);
    }
    // A cursor that repeats would loop forever on a hostile server.
    if (page.nextCursor === null || seen.has(page.nextCursor))
      return { items, truncated: false, refused: null };
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  ctx.evidence.push(`${method}: stopped after ${ctx.maxListPages} pages`);
  return { items, truncated: true, refused: null };
}

/**
 * tools/list (following nextCursor within caps), then resources/list and prompts/list when the
 * server advertises them. A refusal of tools/list marks the endpoint partial.
 */
export async function listSurface(ctx: ProbeContext, call: ListCall, facts: EndpointFacts): Promise<void> {
  const tools = await collect(ctx, call, 'tools/list', parseToolsPage, ctx.maxTools);
  facts.tools = tools.items;
  facts.toolsTruncated = tools.truncated;
  if (tools.refused) {
    facts.refusal = {
      httpStatus: tools.refused.status,
      challenges: parseWwwAuthenticate(headerValues(tools.refused.headers, 'www-authenticate')),
      stage: 'listing',
    };
    ctx.evidence.push(`tools/list refused with HTTP ${tools.refused.status}`);
    return;
  }
  ctx.evidence.push(`tools/list returned ${facts.tools.length} tools`);
  const caps = facts.capabilities ?? {};
  if (caps.resources !== undefined) {
    facts.resources = (await collect(ctx, call, 'resources/list', parseResourcesPage, ctx.maxTools)).items;
  }
  if (caps.prompts !== undefined) {
    facts.prompts = (await collect(ctx, call, 'prompts/list', parsePromptsPage, ctx.maxTools)).items;
  }
}
