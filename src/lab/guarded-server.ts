import net from 'node:net';
import { startGuardedLabServer } from '../guard/guarded-lab-server.ts';
import { hostForUrl } from './http-listen.ts';
import type { LabServerDefinition, LabServerHandle } from './lab-server.ts';
import { startLabTokenIssuer } from './lab-token-issuer.ts';
import { LAB_SCOPE } from './oauth-metadata.ts';
import { openSessionServer } from './open-session-server.ts';

/** The guard needs its canonical URL (token audience) before it listens: reserve an ephemeral port. */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface GuardInFront {
  /** The guarded endpoint. */
  url: string;
  /** `Authorization: Bearer <apiKey>` opens it (key name `lab`). */
  apiKey: string;
  /** A JWT the lab issuer minted for this resource, as the OAuth flow would hand out. */
  accessToken: string;
  close(): Promise<void>;
}

/**
 * Put `mcp-lockdown guard` in front of an MCP endpoint on loopback: API keys, plus audience-bound JWTs
 * from a lab authorization server that the guard's protected resource metadata names.
 */
export async function startGuardInFront(
  host: string,
  port: number,
  upstreamUrl: string,
): Promise<GuardInFront> {
  const guardPort = port === 0 ? await freePort(host) : port;
  const publicUrl = `http://${hostForUrl(host)}:${guardPort}/mcp`;
  const issuer = await startLabTokenIssuer(host, publicUrl);
  try {
    const guarded = await startGuardedLabServer(upstreamUrl, {
      host,
      port: guardPort,
      publicUrl,
      jwt: { issuer: issuer.issuer, staticKeys: [issuer.publicJwk] },
      scopes: [LAB_SCOPE],
    });
    return {
      url: guarded.url,
      apiKey: guarded.apiKey,
      accessToken: issuer.accessToken,
      async close() {
        await guarded.close();
        await issuer.close();
      },
    };
  } catch (error) {
    await issuer.close();
    throw error;
  }
}

/**
 * The loop closed: the same dangerous tools as open-session, now behind the guard. A scan sees
 * `mcp-auth-required` with complete OAuth metadata; the lab's credentials open it.
 */
export const guardedServer: LabServerDefinition = {
  id: 'guarded',
  async start(host, port): Promise<LabServerHandle> {
    const upstream = await openSessionServer.start(host, 0);
    try {
      const guarded = await startGuardInFront(host, port, upstream.info.url);
      return {
        info: {
          id: 'guarded',
          title: 'Guarded server (mcp-lockdown guard in front of an open server)',
          url: guarded.url,
          description:
            'The open-session tools behind the guard: API keys or audience-bound JWTs, RFC 9728 metadata, Origin checks, an audit log.',
          expected: {
            status: 'mcp-auth-required',
            transport: null,
            era: null,
            authMode: 'required',
            tools: [],
          },
          credentials: { header: 'Authorization', value: `Bearer ${guarded.apiKey}` },
        },
        async close() {
          await guarded.close();
          await upstream.close();
        },
      };
    } catch (error) {
      await upstream.close();
      throw error;
    }
  },
};
