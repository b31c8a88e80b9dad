import {
  authorizationServerMetadataUrls,
  protectedResourceMetadataUrls,
} from '../mcp/oauth-metadata-urls.ts';
import { findChallenge } from '../mcp/www-authenticate.ts';
import type { AuthChallenge, MetadataFetch } from './observation.ts';
import type { ProbeContext } from './probe-context.ts';
import { exchange } from './rpc-exchange.ts';

const MAX_AUTHORIZATION_SERVERS = 3;

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** GET each URL in turn until one answers 200 with a JSON object; record every attempt. */
async function fetchFirstJson(ctx: ProbeContext, urls: string[]): Promise<MetadataFetch> {
  const result: MetadataFetch = { url: null, attempts: [], document: null };
  for (const url of urls) {
    const answer = await exchange(ctx, {
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      // Metadata is public: the user's --header credentials are never sent for it.
      withTargetHeaders: false,
    });
    if (answer.kind === 'failure') {
      result.attempts.push({ url, status: null, error: answer.failure.message.slice(0, 200) });
      continue;
    }
    if (answer.kind === 'redirect-refused') {
      result.attempts.push({
        url,
        status: answer.status,
        error: `redirect to ${answer.location} not followed`,
      });
      continue;
    }
    let document: unknown = null;
    let error: string | null = null;
    if (answer.status === 200 && answer.text !== null) {
      try {
        document = JSON.parse(answer.text);
      } catch {
        error = 'not JSON';
      }
    }
    if (
      answer.status === 200 &&
      document !== null &&
      typeof document === 'object' &&
      !Array.isArray(document)
    ) {
      result.attempts.push({ url, status: 200, error: null });
      result.url = url;
      result.document = document as Record<string, unknown>;
      return result;
    }
    result.attempts.push({
      url,
      status: answer.status,
      error: error ?? (answer.status === 200 ? 'not a JSON object' : null),
    });
  }
  return result;
}

/**
 * RFC 9728 discovery as an MCP client does it: the `resource_metadata` the challenge advertises,
 * then the path-inserted and root well-known URLs; then each listed authorization server's metadata.
 */
export async function probeAuthMetadata(
  ctx: ProbeContext,
  endpointUrl: string,
  challenges: AuthChallenge[],
): Promise<{ resourceMetadata: MetadataFetch; authorizationServers: MetadataFetch[] }> {
  const advertised = findChallenge(challenges, 'Bearer')?.params.resource_metadata;
  const candidates = [
    ...(advertised && isHttpUrl(advertised) ? [advertised] : []),
    ...protectedResourceMetadataUrls(endpointUrl),
  ];
  const resourceMetadata = await fetchFirstJson(ctx, [...new Set(candidates)]);
  const servers = resourceMetadata.document?.authorization_servers;
  const authorizationServers: MetadataFetch[] = [];
  if (Array.isArray(servers)) {
    for (const issuer of servers
      .filter((s): s is string => typeof s === 'string' && isHttpUrl(s))
      .slice(0, MAX_AUTHORIZATION_SERVERS)) {
      authorizationServers.push(await fetchFirstJson(ctx, authorizationServerMetadataUrls(issuer)));
    }
  }
  return { resourceMetadata, authorizationServers };
}
