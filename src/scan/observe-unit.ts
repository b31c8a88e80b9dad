import os from 'node:os';
import type { ClientInfo } from '../mcp/protocol.ts';
import type { HttpClient } from '../net/http-client.ts';
import type { KeyedSemaphore } from '../net/keyed-semaphore.ts';
import { tcpConnect } from '../net/tcp-connect.ts';
import { schemeForPort } from './defaults.ts';
import type { EndpointFacts, PathVerdict } from './endpoint-facts.ts';
import type { AuthMode, Observation } from './observation.ts';
import { probeAuthMetadata } from './probe-auth-metadata.ts';
import type { ProbeContext } from './probe-context.ts';
import { isDecisive, probePath } from './probe-path.ts';
import type { InvalidTarget, ScanUnit } from './scan-unit.ts';
import type { ScanStatus } from './status.ts';

export interface ObserveOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Budget for the whole endpoint (all paths, eras and metadata). */
  endpointTimeoutMs: number;
  maxBodyBytes: number;
  maxListPages: number;
  maxTools: number;
  headers: Record<string, string>;
  originCheck: boolean;
  checkInterfaces: boolean;
}

export interface ObserveDeps {
  client: HttpClient;
  acquire: () => Promise<void>;
  hostSlots: KeyedSemaphore;
  clientInfo: ClientInfo;
}

/** Rank of non-decisive outcomes: when no path proves MCP, the most telling one is reported. */
const RANK: Record<ScanStatus, number> = {
  'mcp-open': 10,
  'mcp-partial': 9,
  'mcp-auth-required': 8,
  'mcp-likely': 7,
  'protocol-error': 6,
  'not-mcp': 5,
  'http-error': 4,
  'tls-error': 3,
  timeout: 2,
  closed: 1,
  'invalid-target': 0,
};

export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function isLoopback(address: string): boolean {
  return (
    address.startsWith('127.') ||
    address === '::1' ||
    address === 'localhost' ||
    address.startsWith('::ffff:127.')
  );
}

export function baseObservation(
  input: { text: string; line: number | null },
  host: string,
  port: number | null,
): Observation {
  return {
    target: port === null ? input.text : `http://${hostForUrl(host)}:${port}/`,
    input,
    host,
    port,
    address: null,
    status: 'invalid-target',
    transport: null,
    era: null,
    protocolVersion: null,
    supportedVersions: null,
    serverInfo: null,
    capabilities: null,
    instructions: null,
    session: null,
    tls: false,
    auth: {
      mode: 'unknown',
      httpStatus: null,
      challenges: [],
      resourceMetadata: null,
      authorizationServers: [],
    },
    tools: [],
    toolsTruncated: false,
    resources: [],
    prompts: [],
    originProbe: null,
    exposedOn: null,
    evidence: [],
    timings: { totalMs: 0, connectMs: null, requests: 0 },
    error: null,
    scannedAt: new Date().toISOString(),
  };
}

export function invalidTargetObservation(item: InvalidTarget): Observation {
  const obs = baseObservation(item.input, '', null);
  obs.error = { code: 'ERR_INVALID_TARGET', message: item.reason };
  obs.evidence.push(item.input.line === null ? item.reason : `line ${item.input.line}: ${item.reason}`);
  return obs;
}

function schemesFor(unit: ScanUnit): ('http' | 'https')[] {
  if (unit.scheme !== 'auto') return [unit.scheme];
  return schemeForPort(unit.port) === 'https' ? ['https', 'http'] : ['http', 'https'];
}

function authModeOf(status: ScanStatus, facts: EndpointFacts): AuthMode {
  if (status === 'mcp-open') return 'none';
  if (status === 'mcp-partial') return 'partial';
  if (status === 'mcp-auth-required') return 'required';
  return facts.refusal ? 'required' : 'unknown';
}

/** Probe one host:port: the only network I/O of a scan. Never throws for anything the network does. */
export async function observeUnit(
  unit: ScanUnit,
  deps: ObserveDeps,
  options: ObserveOptions,
): Promise<Observation> {
  const started = performance.now();
  const obs = baseObservation(unit.input, unit.host, unit.port);
  const connect = await tcpConnect(unit.host, unit.port, options.connectTimeoutMs);
  if (!connect.ok) {
    obs.status = connect.failure.kind === 'timeout' ? 'timeout' : 'closed';
    obs.error = { code: connect.failure.code, message: connect.failure.message.slice(0, 300) };
    obs.timings.totalMs = Math.round(performance.now() - started);
    return obs;
  }
  obs.address = connect.address;
  obs.timings.connectMs = Math.round(connect.connectMs * 100) / 100;

  const release = await deps.hostSlots.acquire(unit.host);
  const budget = AbortSignal.timeout(options.endpointTimeoutMs);
  let best: PathVerdict | null = null;
  let bestScheme: 'http' | 'https' = 'http';
  let requestId = 0;
  const ctx: ProbeContext = {
    client: deps.client,
    clientInfo: deps.clientInfo,
    signal: budget,
    requestTimeoutMs: options.requestTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    maxListPages: options.maxListPages,
    maxTools: options.maxTools,
    targetHeaders: options.headers,
    targetOrigin: '',
    originCheck: options.originCheck,
    acquire: deps.acquire,
    evidence: obs.evidence,
    counters: { requests: 0 },
    nextId: () => ++requestId,
  };
  try {
    for (const scheme of schemesFor(unit)) {
      const base = `${scheme}://${hostForUrl(unit.host)}:${unit.port}`;
      ctx.targetOrigin = new URL(base).origin;
      let schemeBest: PathVerdict | null = null;
      for (const path of unit.paths) {
        if (budget.aborted) break;
        const verdict = await probePath(ctx, `${base}${path}`);
        if (!schemeBest || RANK[verdict.status] > RANK[schemeBest.status]) schemeBest = verdict;
        if (isDecisive(verdict)) break;
        // The transport itself fails here: other paths on this scheme will fail the same way.
        if (verdict.status === 'tls-error' || verdict.status === 'timeout' || verdict.status === 'closed')
          break;
      }
      if (schemeBest && (!best || RANK[schemeBest.status] > RANK[best.status])) {
        best = schemeBest;
        bestScheme = scheme;
      }
      // Only a transport-level failure suggests the other scheme; an HTTP answer settles it.
      if (best && !['http-error', 'tls-error', 'timeout'].includes(best.status)) break;
    }
    if (best && budget.aborted && !isDecisive(best)) {
      best = {
        ...best,
        status: 'timeout',
        error: { code: 'ERR_TIMEOUT', message: `endpoint budget of ${options.endpointTimeoutMs} ms spent` },
      };
    }
    if (best) applyVerdict(obs, best, bestScheme);
    if (
      best?.facts.refusal &&
      (obs.status === 'mcp-auth-required' || obs.status === 'mcp-partial' || obs.status === 'mcp-likely')
    ) {
      const metadata = await probeAuthMetadata(ctx, obs.target, best.facts.refusal.challenges);
      obs.auth.resourceMetadata = metadata.resourceMetadata;
      obs.auth.authorizationServers = metadata.authorizationServers;
      if (obs.status === 'mcp-likely' && metadata.resourceMetadata.document) {
        obs.status = 'mcp-auth-required';
        obs.evidence.push('protected resource metadata (RFC 9728) found for the refused endpoint');
      }
    }
    if (options.checkInterfaces && isLoopback(connect.address))
      obs.exposedOn = await probeOtherInterfaces(unit.port, options);
  } catch (error) {
    // A bug must not take the scan down: record it on this endpoint and go on.
    obs.status = 'protocol-error';
    obs.error = { code: 'ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
  } finally {
    release();
  }
  obs.timings.requests = ctx.counters.requests;
  obs.timings.totalMs = Math.round(performance.now() - started);
  return obs;
}

function applyVerdict(obs: Observation, verdict: PathVerdict, scheme: 'http' | 'https'): void {
  const f = verdict.facts;
  obs.status = verdict.status;
  obs.target = f.url;
  obs.tls = scheme === 'https';
  obs.transport = f.transport;
  obs.era = f.era;
  obs.protocolVersion = f.protocolVersion;
  obs.supportedVersions = f.supportedVersions;
  obs.serverInfo = f.serverInfo;
  obs.capabilities = f.capabilities;
  obs.instructions = f.instructions;
  obs.session = f.session;
  obs.tools = f.tools;
  obs.toolsTruncated = f.toolsTruncated;
  obs.resources = f.resources;
  obs.prompts = f.prompts;
  obs.originProbe = f.originProbe;
  obs.error = verdict.error;
  obs.auth.mode = authModeOf(verdict.status, f);
  if (f.refusal) {
    obs.auth.httpStatus = f.refusal.httpStatus;
    obs.auth.challenges = f.refusal.challenges;
  }
}

/** Does the same port answer on this machine's other addresses (bound to 0.0.0.0 / ::)? Opt-in. */
async function probeOtherInterfaces(port: number, options: ObserveOptions): Promise<string[]> {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter(
      (a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && !a.address.startsWith('fe80'),
    )
    .map((a) => a.address);
  const open: string[] = [];
  for (const address of addresses) {
    const outcome = await tcpConnect(address, port, Math.min(options.connectTimeoutMs, 1_000));
    if (outcome.ok) open.push(address);
  }
  return open;
}
