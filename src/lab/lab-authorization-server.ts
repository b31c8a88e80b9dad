import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_LAB_BODY, parseJsonSafe, readBody, sendJson } from './http-reply.ts';
import { AS_PATHS, LAB_SCOPE, type OAuthLayout } from './oauth-metadata.ts';

/**
 * A deliberately tiny OAuth 2.1 authorization server for the oauth-protected lab server: dynamic client
 * registration or client ID metadata documents (fetched from loopback only), authorization code with PKCE
 * S256, auto-approved (the lab has no users). It only ever redirects to loopback URLs and issues the
 * lab's one access token, bound to the lab resource.
 */
const CODE_TTL_MS = 60_000;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  expires: number;
}

function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** Redirects only ever go back to this machine: the lab must never send a browser elsewhere. */
export function isLoopbackRedirect(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    isLoopbackHostname(url.hostname) &&
    url.hash === ''
  );
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, { 'cache-control': 'no-store' });
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Reads a client ID metadata document, but only from loopback, with a short timeout and a size cap. */
async function fetchClientMetadata(clientId: string): Promise<string[] | null> {
  if (!URL.canParse(clientId) || !isLoopbackHostname(new URL(clientId).hostname)) return null;
  try {
    const res = await fetch(clientId, { redirect: 'error', signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    if (!res.ok || text.length > 65536) return null;
    const doc = parseJsonSafe(text) as { client_id?: unknown; redirect_uris?: unknown } | undefined;
    if (doc?.client_id !== clientId || !Array.isArray(doc.redirect_uris)) return null;
    return doc.redirect_uris.filter(isLoopbackRedirect);
  } catch {
    return null;
  }
}

export function createLabAuthorizationServer(layout: () => OAuthLayout, accessToken: string) {
  const clients = new Map<string, string[]>();
  const codes = new Map<string, PendingCode>();

  async function redirectUrisOf(clientId: string): Promise<string[] | null> {
    return clients.get(clientId) ?? (await fetchClientMetadata(clientId));
  }

  async function register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req, MAX_LAB_BODY);
    const body = text === null ? undefined : (parseJsonSafe(text) as { redirect_uris?: unknown } | undefined);
    const uris = body?.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || !uris.every(isLoopbackRedirect)) {
      return oauthError(res, 400, 'invalid_redirect_uri', 'the lab only registers loopback redirect URIs');
    }
    const clientId = `lab-client-${randomBytes(12).toString('base64url')}`;
    clients.set(clientId, uris);
    sendJson(res, 201, {
      ...body,
      client_id: clientId,
      client_id_issued_at: Math.floor(Date.now() / 1000),
      redirect_uris: uris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    });
  }

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const q = new URL(req.url ?? '/', 'http://lab.invalid').searchParams;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    const allowed = clientId ? await redirectUrisOf(clientId) : null;
    if (!allowed) return oauthError(res, 400, 'invalid_client', 'unknown client_id');
    if (!allowed.includes(redirectUri))
      return oauthError(res, 400, 'invalid_request', 'redirect_uri is not registered');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    back.searchParams.set('iss', layout().origin);
    const resource = q.get('resource');
    const failure =
      q.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : !q.get('code_challenge') || q.get('code_challenge_method') !== 'S256'
          ? 'invalid_request'
          : resource !== null && resource !== `${layout().origin}${layout().mcpPath}`
            ? 'invalid_target'
            : null;
    if (failure) back.searchParams.set('error', failure);
    else {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        clientId,
        redirectUri,
        challenge: q.get('code_challenge') ?? '',
        expires: Date.now() + CODE_TTL_MS,
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.href, 'cache-control': 'no-store' });
    res.end();
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req, MAX_LAB_BODY);
    const form = new URLSearchParams(text ?? '');
    if (form.get('grant_type') !== 'authorization_code') {
      return oauthError(res, 400, 'unsupported_grant_type', 'only authorization_code is supported');
    }
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code); // single use, whatever the outcome
    const valid =
      pending !== undefined &&
      pending.expires > Date.now() &&
      pending.clientId === form.get('client_id') &&
      pending.redirectUri === form.get('redirect_uri') &&
      s256(form.get('code_verifier') ?? '') === pending.challenge;
    if (!valid)
      return oauthError(
        res,
        400,
        'invalid_grant',
        'code, client, redirect_uri or PKCE verifier does not match',
      );
    sendJson(
      res,
      200,
      { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: LAB_SCOPE },
      { 'cache-control': 'no-store' },
    );
  }

  /** Handles an authorization server path; false when the path is not one of them. */
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const route =
      path === AS_PATHS.register && req.method === 'POST'
        ? register
        : path === AS_PATHS.authorize && req.method === 'GET'
          ? authorize
          : path === AS_PATHS.token && req.method === 'POST'
            ? token
            : null;
    if (route) await route(req, res);
    else if ((Object.values(AS_PATHS) as string[]).includes(path))
      oauthError(res, 405, 'invalid_request', 'method not allowed');
    else return false;
    return true;
  };
}
