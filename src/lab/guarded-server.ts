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

/**
 * The loop closed: the same dangerous tools as open-session, now behind `mcp-lockdown guard` with API
 * keys and OAuth 2.1 JWTs (audience-bound, from a lab authorization server the metadata names). A scan
 * sees `mcp-auth-required` with complete OAuth metadata; the lab's credentials open it.
 */
export const guardedServer: LabServerDefinition = {
  id: 'guarded',
  async start(host, port): Promise<LabServerHandle> {
    const upstream = await openSessionServer.start(host, 0);
    const guardPort = port === 0 ? await freePort(host) : port;
    const publicUrl = `http://${hostForUrl(host)}:${guardPort}/mcp`;
    const issuer = await startLabTokenIssuer(host, publicUrl);
    try {
      const guarded = await startGuardedLabServer(upstream.info.url, {
        host,
        port: guardPort,
        publicUrl,
        jwt: { issuer: issuer.issuer, staticKeys: [issuer.publicJwk] },
        scopes: [LAB_SCOPE],
      });
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
          await issuer.close();
          await upstream.close();
        },
      };
    } catch (error) {
      await issuer.close();
      await upstream.close();
      throw error;
    }
  },
};
