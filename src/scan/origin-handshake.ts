import type { HttpHead } from '../net/http-client.ts';
import { headerValue } from '../net/http-client.ts';
import type { OriginProbe } from './observation.ts';
import type { ProbeContext } from './probe-context.ts';

/** The part of an HTTP answer the Origin test reads. */
interface Answered {
  status: number;
  headers: HttpHead['headers'];
}

/** An origin no real page could have: the .invalid TLD never resolves (RFC 2606). */
export const FOREIGN_ORIGIN = 'http://dns-rebinding-check.mcp-lockdown.invalid';

function probeFrom(answer: Answered, accepted: boolean): OriginProbe {
  return {
    origin: FOREIGN_ORIGIN,
    status: answer.status,
    accepted,
    allowOrigin: headerValue(answer.headers, 'access-control-allow-origin'),
    allowCredentials: headerValue(answer.headers, 'access-control-allow-credentials') === 'true',
  };
}

export interface OriginHandshake<T> {
  answer: T;
  /** What the foreign Origin met; null when not tested or when a refusal made it unknowable. */
  originProbe: OriginProbe | null;
}

/**
 * The DNS-rebinding test rides on the handshake itself: it is sent with a foreign Origin, as a
 * rebinding page would send it. A server that processes it is open to rebinding; one that answers
 * 403 is asked again without the Origin, and if that goes through, it validates Origin. This costs
 * nothing extra on the common (vulnerable) server and one request on a careful one.
 */
export async function handshakeWithForeignOrigin<T extends { kind: string }>(
  ctx: ProbeContext,
  send: (extraHeaders: Record<string, string>) => Promise<T>,
  answered: (outcome: T) => Answered | null = (outcome) =>
    outcome.kind === 'http' ? (outcome as unknown as Answered) : null,
): Promise<OriginHandshake<T>> {
  if (!ctx.originCheck) return { answer: await send({}), originProbe: null };
  const first = await send({ origin: FOREIGN_ORIGIN });
  const firstHttp = answered(first);
  if (firstHttp === null) return { answer: first, originProbe: null };
  if (firstHttp.status !== 403) {
    return {
      answer: first,
      originProbe: probeFrom(firstHttp, firstHttp.status >= 200 && firstHttp.status < 300),
    };
  }
  const second = await send({});
  const secondHttp = answered(second);
  const refusedAgain = secondHttp === null || secondHttp.status === 401 || secondHttp.status === 403;
  if (!refusedAgain)
    ctx.evidence.push('a foreign Origin was refused with 403; the same request without it was not');
  return { answer: second, originProbe: refusedAgain ? null : probeFrom(firstHttp, false) };
}
