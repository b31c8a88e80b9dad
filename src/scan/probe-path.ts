import { parseWwwAuthenticate } from '../mcp/www-authenticate.ts';
import { headerValues } from '../net/http-client.ts';
import { emptyFacts, type PathVerdict } from './endpoint-facts.ts';
import type { EraAttempt } from './era-attempt.ts';
import type { ProbeContext } from './probe-context.ts';
import { probeLegacySse } from './probe-legacy-sse.ts';
import { probeModern } from './probe-modern.ts';
import { probeSession } from './probe-session.ts';
import type { HttpAnswer } from './rpc-exchange.ts';

function refusalVerdict(url: string, answer: HttpAnswer, stage: string, ctx: ProbeContext): PathVerdict {
  const facts = emptyFacts(answer.url || url);
  const challenges = parseWwwAuthenticate(headerValues(answer.headers, 'www-authenticate'));
  facts.refusal = { httpStatus: answer.status, challenges, stage: 'handshake' };
  const jsonRpc = answer.messages.length > 0;
  const bearer = challenges.some((c) => c.scheme.toLowerCase() === 'bearer');
  ctx.evidence.push(`${stage} refused with HTTP ${answer.status}${bearer ? ' (Bearer challenge)' : ''}`);
  // A bare 401 from any web app proves nothing; an MCP-shaped refusal does. Metadata may prove it later.
  return { status: jsonRpc || bearer ? 'mcp-auth-required' : 'mcp-likely', facts, error: null };
}

function failureVerdict(url: string, attempt: Extract<EraAttempt, { kind: 'failure' }>): PathVerdict {
  const kind = attempt.failure.kind;
  const status =
    kind === 'timeout'
      ? 'timeout'
      : kind === 'tls'
        ? 'tls-error'
        : kind === 'refused'
          ? 'closed'
          : 'http-error';
  return {
    status,
    facts: emptyFacts(url),
    error: { code: attempt.failure.code, message: attempt.failure.message.slice(0, 300) },
  };
}

/** Outcomes that end the search at this path (or, for transport failures, at this base URL). */
export function isDecisive(verdict: PathVerdict): boolean {
  return (
    verdict.status === 'mcp-open' ||
    verdict.status === 'mcp-partial' ||
    verdict.status === 'mcp-auth-required'
  );
}

/**
 * One candidate path, eras in order: 2026-07-28 server/discover, 2025 initialize, legacy SSE GET.
 * The first that proves MCP wins; otherwise the most telling non-proof is kept.
 */
export async function probePath(ctx: ProbeContext, url: string): Promise<PathVerdict> {
  let hint: string | null = null;
  let lookalike: string | null = null;
  let protocolError: string | null = null;
  let lastAnswer: HttpAnswer | null = null;
  let supportedVersions: string[] | null = null;
  let lastFailure: Extract<EraAttempt, { kind: 'failure' }> | null = null;

  const steps: { stage: string; run: () => Promise<EraAttempt> }[] = [
    { stage: 'server/discover', run: () => probeModern(ctx, url) },
    { stage: 'initialize', run: () => probeSession(ctx, url) },
    { stage: 'SSE GET', run: () => probeLegacySse(ctx, url) },
  ];
  let skipInitialize = false;
  for (const step of steps) {
    if (ctx.signal.aborted) break;
    if (step.stage === 'initialize' && skipInitialize) continue;
    const attempt = await step.run();
    switch (attempt.kind) {
      case 'confirmed':
        return attempt.verdict;
      case 'refused':
        return refusalVerdict(url, attempt.answer, step.stage, ctx);
      case 'failure':
        // A connection that fails mid-probe fails for every era here.
        if (attempt.failure.kind !== 'reset' && attempt.failure.kind !== 'http-parse') {
          ctx.evidence.push(
            `${step.stage} ${new URL(url).pathname}: ${attempt.failure.kind} (${attempt.failure.code})`,
          );
          return failureVerdict(url, attempt);
        }
        ctx.evidence.push(`${step.stage}: ${attempt.failure.code}`);
        lastFailure = attempt;
        break;
      case 'redirect-refused':
        ctx.evidence.push(`${step.stage}: ${attempt.note}`);
        return {
          status: 'http-error',
          facts: emptyFacts(url),
          error: { code: 'ERR_REDIRECT_REFUSED', message: attempt.note },
        };
      case 'hint':
        hint ??= attempt.note;
        supportedVersions ??= attempt.supportedVersions ?? null;
        break;
      case 'lookalike':
        lookalike ??= attempt.note;
        break;
      case 'protocol-error':
        protocolError ??= attempt.note;
        break;
      case 'absent':
        lastAnswer = attempt.answer ?? lastAnswer;
        if (attempt.answer) {
          const type = attempt.answer.contentType.split(';')[0] || 'no content type';
          ctx.evidence.push(
            `${step.stage} ${new URL(url).pathname}: HTTP ${attempt.answer.status} (${type})`,
          );
        }
        // No POST route at all (404/405 without JSON-RPC): initialize would meet the same wall.
        skipInitialize ||=
          step.stage === 'server/discover' &&
          attempt.answer !== null &&
          [404, 405].includes(attempt.answer.status) &&
          attempt.answer.messages.length === 0;
        break;
    }
  }
  const facts = emptyFacts(url);
  facts.supportedVersions = supportedVersions;
  if (hint) {
    ctx.evidence.push(`hint: ${hint}`);
    return { status: 'mcp-likely', facts, error: null };
  }
  if (protocolError) {
    ctx.evidence.push(protocolError);
    return { status: 'protocol-error', facts, error: { code: 'MCP_PROTOCOL', message: protocolError } };
  }
  if (lookalike) {
    ctx.evidence.push(lookalike);
    return { status: 'not-mcp', facts, error: null };
  }
  if (lastAnswer === null && lastFailure !== null) return failureVerdict(url, lastFailure);
  if (lastAnswer && lastAnswer.status >= 500) {
    return {
      status: 'http-error',
      facts,
      error: { code: `HTTP_${lastAnswer.status}`, message: `HTTP ${lastAnswer.status}` },
    };
  }
  return { status: 'not-mcp', facts, error: null };
}
