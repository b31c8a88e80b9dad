import { createHttpClient } from '../net/http-client.ts';
import { createKeyedSemaphore } from '../net/keyed-semaphore.ts';
import { createRateGate } from '../net/rate-gate.ts';
import { VERSION } from '../version.ts';
import type { Observation } from './observation.ts';
import { invalidTargetObservation, observeUnit } from './observe-unit.ts';
import { resolveScanOptions, type ScanOptions } from './scan-options.ts';
import type { TargetItem } from './scan-unit.ts';
import { expandTargets, positionalTargets, type TargetSourceLine } from './targets/expand-targets.ts';

export type ScanTargets = Iterable<string> | AsyncIterable<TargetSourceLine> | Iterable<TargetSourceLine>;

function toLines(targets: ScanTargets): AsyncIterable<TargetSourceLine> | Iterable<TargetSourceLine> {
  if (Array.isArray(targets) && targets.every((t) => typeof t === 'string'))
    return positionalTargets(targets);
  if (Symbol.asyncIterator in (targets as object)) return targets as AsyncIterable<TargetSourceLine>;
  return (function* () {
    for (const t of targets as Iterable<string | TargetSourceLine>)
      yield typeof t === 'string' ? { text: t, line: null } : t;
  })();
}

/**
 * Scan targets (URLs, hosts, host:port, IPs, CIDRs, masscan lines) and yield one Observation per
 * endpoint as it finishes. Expansion is lazy and at most `concurrency` endpoints are in flight,
 * so memory stays flat whatever the input size. Never calls a tool.
 */
export async function* scan(targets: ScanTargets, options: ScanOptions = {}): AsyncGenerator<Observation> {
  const opts = resolveScanOptions(options, VERSION);
  const client = createHttpClient({
    connectTimeoutMs: opts.connectTimeoutMs,
    headersTimeoutMs: opts.requestTimeoutMs,
    bodyTimeoutMs: opts.requestTimeoutMs,
    connectionsPerOrigin: 4,
    userAgent: opts.userAgent,
  });
  const deps = {
    client,
    acquire: createRateGate(opts.rate),
    hostSlots: createKeyedSemaphore(opts.perHostLimit),
    clientInfo: { name: 'mcp-lockdown', version: VERSION },
  };
  const items = expandTargets(toLines(targets), {
    ports: opts.ports,
    paths: opts.paths,
    tls: opts.tls,
    ...(opts.maxCidrHosts !== undefined ? { maxCidrHosts: opts.maxCidrHosts } : {}),
  })[Symbol.asyncIterator]();

  const done: Observation[] = [];
  let inFlight = 0;
  let exhausted = false;
  let wake: (() => void) | null = null;
  const settle = (obs: Observation) => {
    inFlight -= 1;
    done.push(obs);
    wake?.();
  };
  const start = (item: TargetItem) => {
    inFlight += 1;
    if (item.kind === 'invalid') {
      settle(invalidTargetObservation(item));
      return;
    }
    observeUnit(item, deps, opts).then(settle, (error: unknown) => {
      // observeUnit records its own faults; this is the last line of defence.
      const obs = invalidTargetObservation({ kind: 'invalid', input: item.input, reason: String(error) });
      obs.status = 'protocol-error';
      settle(obs);
    });
  };

  try {
    for (;;) {
      // Stop filling once enough results wait, so a stream of bad lines cannot pile up unread.
      while (
        !exhausted &&
        inFlight < opts.concurrency &&
        done.length < opts.concurrency &&
        !opts.signal?.aborted
      ) {
        const next = await items.next();
        if (next.done) exhausted = true;
        else start(next.value);
      }
      if (opts.signal?.aborted) exhausted = true;
      while (done.length > 0) yield done.shift()!;
      if (exhausted && inFlight === 0) break;
      // Wait only when nothing more may start: otherwise a slow consumer that let every in-flight
      // endpoint finish while results were being yielded would leave nothing to wake this loop.
      if (done.length === 0 && (exhausted || inFlight >= opts.concurrency)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    }
  } finally {
    await items.return?.();
    await client.close();
  }
}
