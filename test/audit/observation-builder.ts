import { readFileSync } from 'node:fs';
import type { AuthObservation, MetadataFetch, Observation, ToolInfo } from '../../src/scan/observation.ts';

/**
 * Realistic observations for check tests. The default is a well-behaved server: Streamable HTTP over
 * TLS on a public address, a current protocol version, Origin validated, no tools. Tests override
 * what they need.
 */
export function buildObservation(
  overrides: Partial<Omit<Observation, 'auth'>> & { auth?: Partial<AuthObservation> } = {},
): Observation {
  const { auth, ...rest } = overrides;
  const base: Observation = {
    target: 'https://mcp.example.com/mcp',
    input: { text: 'https://mcp.example.com/mcp', line: 1 },
    host: 'mcp.example.com',
    port: 443,
    address: '203.0.113.10',
    status: 'mcp-open',
    transport: 'streamable-http',
    era: '2025',
    protocolVersion: '2025-11-25',
    supportedVersions: null,
    serverInfo: { name: 'example-server', version: '1.4.0' },
    capabilities: { tools: { listChanged: true } },
    instructions: null,
    session: { issued: true, deleted: true },
    tls: true,
    auth: {
      mode: 'none',
      httpStatus: null,
      challenges: [],
      resourceMetadata: null,
      authorizationServers: [],
    },
    tools: [],
    toolsTruncated: false,
    resources: [],
    prompts: [],
    originProbe: {
      origin: 'https://evil.example',
      status: 403,
      accepted: false,
      allowOrigin: null,
      allowCredentials: false,
    },
    exposedOn: null,
    evidence: ['initialize answered with protocolVersion 2025-11-25', 'tools/list answered anonymously'],
    timings: { totalMs: 84, connectMs: 12, requests: 4 },
    error: null,
    scannedAt: '2026-11-24T07:00:00.000Z',
  };
  return { ...base, ...rest, auth: { ...base.auth, ...auth } };
}

/** A tool definition with an object input schema built from `properties`. */
export function tool(
  name: string,
  description: string | null,
  properties: Record<string, Record<string, unknown>> = {},
  extra: Partial<ToolInfo> = {},
): ToolInfo {
  return {
    name,
    description,
    inputSchema: { type: 'object', properties, required: Object.keys(properties).slice(0, 1) },
    annotations: null,
    ...extra,
  };
}

/** Tools of one server of the hand-labelled npm corpus, as they were really listed. */
export function corpusTools(server: string): ToolInfo[] {
  const url = new URL('../fixtures/tool-corpus/corpus.json', import.meta.url);
  const corpus = JSON.parse(readFileSync(url, 'utf8')) as { server: string; tool: ToolInfo }[];
  return corpus.filter((entry) => entry.server === server).map((entry) => entry.tool);
}

/** An observation saved under test/fixtures/observations/. */
export function loadObservation(name: string): Observation {
  const url = new URL(`../fixtures/observations/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Observation;
}

/** A metadata lookup that found `document` at `url`. */
export function fetched(url: string, document: Record<string, unknown>): MetadataFetch {
  return { url, attempts: [{ url, status: 200, error: null }], document };
}

/** A metadata lookup that found nothing. */
export function notFound(...urls: string[]): MetadataFetch {
  return { url: null, attempts: urls.map((url) => ({ url, status: 404, error: null })), document: null };
}

/** A server that demands OAuth, with correct metadata unless overridden. */
export function oauthServer(
  options: { prm?: MetadataFetch | null; as?: MetadataFetch[]; target?: string } = {},
): Observation {
  const target = options.target ?? 'https://mcp.example.com/mcp';
  const issuer = 'https://auth.example.com';
  const prmUrl = `${new URL(target).origin}/.well-known/oauth-protected-resource${new URL(target).pathname}`;
  return buildObservation({
    target,
    status: 'mcp-auth-required',
    protocolVersion: null,
    serverInfo: null,
    capabilities: null,
    session: null,
    tools: [],
    originProbe: {
      origin: 'https://evil.example',
      status: 401,
      accepted: false,
      allowOrigin: null,
      allowCredentials: false,
    },
    evidence: ['initialize refused with 401 and a Bearer challenge'],
    auth: {
      mode: 'required',
      httpStatus: 401,
      challenges: [{ scheme: 'Bearer', params: { resource_metadata: prmUrl }, token68: null }],
      resourceMetadata:
        options.prm === undefined
          ? fetched(prmUrl, {
              resource: target,
              authorization_servers: [issuer],
              scopes_supported: ['mcp:tools'],
            })
          : options.prm,
      authorizationServers: options.as ?? [
        fetched(`${issuer}/.well-known/oauth-authorization-server`, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          code_challenge_methods_supported: ['S256'],
          client_id_metadata_document_supported: true,
          response_types_supported: ['code'],
        }),
      ],
    },
  });
}
