import type { ScanStatus } from './status.ts';

/**
 * One Observation per probed endpoint: everything the network told us, and nothing judged.
 * This is the JSONL record the scanner streams; audit checks are pure functions of it.
 * Its JSON shape is published in docs/schema/ (keep both in step).
 */
export interface Observation {
  /** The endpoint URL probed (for a host:port with no MCP path, its base URL). */
  target: string;
  /** The target line as given, and where it came from (line number in the input, 1-based). */
  input: { text: string; line: number | null };
  host: string;
  port: number | null;
  /** Resolved remote address the TCP connection reached, when one was made. */
  address: string | null;
  status: ScanStatus;
  /** How MCP speaks here, when known. */
  transport: Transport | null;
  /** Which protocol era answered: 2026-07-28 stateless, 2025 Streamable HTTP, or 2024-11-05 HTTP+SSE. */
  era: Era | null;
  protocolVersion: string | null;
  /** Versions a 2026-07-28 server listed in server/discover (or in an unsupported-version error). */
  supportedVersions: string[] | null;
  serverInfo: ServerInfo | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  /** Whether the server issued an Mcp-Session-Id (2025 era), and whether the scanner ended it with DELETE. */
  session: { issued: boolean; deleted: boolean | null } | null;
  tls: boolean;
  auth: AuthObservation;
  tools: ToolInfo[];
  /** True when tools/list pagination hit the page cap or the tool cap. */
  toolsTruncated: boolean;
  resources: ResourceInfo[];
  prompts: PromptInfo[];
  /** The scanner's one extra request with a foreign Origin (DNS-rebinding check); null when not sent. */
  originProbe: OriginProbe | null;
  /**
   * Non-loopback addresses of this machine where the same port also accepted a TCP connection
   * (the server listens on every interface). Probed only with --check-interfaces for loopback targets;
   * null when not probed.
   */
  exposedOn: string[] | null;
  /** Short, human-readable facts that decided the status, in the order they were learned. */
  evidence: string[];
  timings: Timings;
  error: { code: string; message: string } | null;
  /** ISO-8601 time the probe of this endpoint started. */
  scannedAt: string;
}

export type Transport = 'streamable-http' | 'sse';
export type Era = '2026-07-28' | '2025' | '2024-11-05';

export interface ServerInfo {
  name: string;
  version: string | null;
  title?: string;
}

export type AuthMode = 'none' | 'required' | 'partial' | 'unknown';

export interface AuthObservation {
  /** none: tools listed anonymously; required: initialize/discover refused; partial: listing refused. */
  mode: AuthMode;
  /** HTTP status of the refusal (401/403), when refused. */
  httpStatus: number | null;
  /** Parsed WWW-Authenticate challenges from the refusal. */
  challenges: AuthChallenge[];
  /** RFC 9728 protected resource metadata, fetched when auth is required. */
  resourceMetadata: MetadataFetch | null;
  /** RFC 8414 / OpenID metadata of the authorization servers the PRM lists (first few). */
  authorizationServers: MetadataFetch[];
}

export interface AuthChallenge {
  scheme: string;
  /** Auth-params, lower-cased names; quoted values unescaped. */
  params: Record<string, string>;
  /** token68 form, when the challenge carries one instead of params. */
  token68: string | null;
}

/** One metadata document looked up: every URL tried, and the document found (if any). */
export interface MetadataFetch {
  /** The URL whose document was accepted, or null when none was. */
  url: string | null;
  attempts: { url: string; status: number | null; error: string | null }[];
  document: Record<string, unknown> | null;
}

export interface ToolInfo {
  name: string;
  title?: string;
  description: string | null;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations: Record<string, unknown> | null;
}

export interface ResourceInfo {
  uri: string;
  name: string | null;
  description: string | null;
  mimeType: string | null;
}

export interface PromptInfo {
  name: string;
  description: string | null;
  arguments: { name: string; description: string | null; required: boolean }[];
}

export interface OriginProbe {
  /** The foreign Origin header sent. */
  origin: string;
  /** HTTP status of the answer, or null when the request failed. */
  status: number | null;
  /** True when the server processed the request (2xx) despite the foreign Origin. */
  accepted: boolean;
  /** Access-Control-Allow-Origin and -Credentials on that answer. */
  allowOrigin: string | null;
  allowCredentials: boolean;
}

export interface Timings {
  /** Whole endpoint, from first connect to last byte. */
  totalMs: number;
  /** TCP (and TLS) connect of the first connection. */
  connectMs: number | null;
  /** Number of HTTP requests sent for this endpoint. */
  requests: number;
}
