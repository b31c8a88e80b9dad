import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lab } from '../../src/lab/lab-types.ts';
import { startLab } from '../../src/lab/start-lab.ts';
import type { Observation } from '../../src/scan/observation.ts';
import { scan } from '../../src/scan/scan.ts';

async function collect(targets: string[], options = {}): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const o of scan(targets, options)) out.push(o);
  return out;
}

describe('scanning the lab finds exactly what each server is', () => {
  let lab: Lab;
  let results: Observation[];
  before(async () => {
    lab = await startLab();
    results = await collect(lab.servers.map((s) => s.url));
  });
  after(() => lab.stop());

  it('yields one result per endpoint', () => {
    assert.equal(results.length, lab.servers.length);
  });

  for (const id of [
    'open-session',
    'open-stateless',
    'legacy-sse',
    'modern-2026',
    'oauth-protected',
    'partial',
    'poisoned',
    'lookalike',
  ]) {
    it(`classifies ${id} as its answer key says`, () => {
      const server = lab.servers.find((s) => s.id === id);
      assert.ok(server, `lab has ${id}`);
      const result = results.find((r) => r.input.text === server.url);
      assert.ok(result, `result for ${server.url}`);
      assert.equal(result.status, server.expected.status, result.evidence.join(' | '));
      assert.equal(result.transport, server.expected.transport);
      assert.equal(result.era, server.expected.era);
      assert.equal(result.auth.mode, server.expected.authMode);
      assert.deepEqual(result.tools.map((t) => t.name).sort(), [...server.expected.tools].sort());
    });
  }

  it('reads the era details: session id echoed and ended, 2026 versions, legacy negotiation', () => {
    const byId = (id: string) =>
      results.find((r) => r.input.text === lab.servers.find((s) => s.id === id)?.url)!;
    assert.deepEqual(byId('open-session').session, { issued: true, deleted: true });
    assert.deepEqual(byId('open-stateless').session, { issued: false, deleted: null });
    assert.equal(byId('modern-2026').protocolVersion, '2026-07-28');
    assert.ok(byId('modern-2026').supportedVersions?.includes('2026-07-28'));
    assert.ok(byId('legacy-sse').protocolVersion);
    assert.ok(byId('open-session').tools.every((t) => t.inputSchema && typeof t.inputSchema === 'object'));
  });

  it('records OAuth metadata for the protected server (RFC 9728 then RFC 8414)', () => {
    const server = lab.servers.find((s) => s.id === 'oauth-protected')!;
    const result = results.find((r) => r.input.text === server.url)!;
    assert.equal(result.auth.httpStatus, 401);
    assert.equal(result.auth.challenges[0]?.scheme, 'Bearer');
    assert.ok(result.auth.resourceMetadata?.document, 'PRM document fetched');
    assert.equal(result.auth.resourceMetadata?.document?.resource, server.url);
    const as = result.auth.authorizationServers[0];
    assert.ok(as?.document, 'authorization server metadata fetched');
    assert.deepEqual(as.document.code_challenge_methods_supported, ['S256']);
  });

  it('tests Origin validation: exposed servers accept a foreign Origin, the secured one is not asked', () => {
    const open = results.find((r) => r.input.text === lab.servers.find((s) => s.id === 'open-session')!.url)!;
    assert.equal(open.originProbe?.accepted, true);
    const locked = results.find(
      (r) => r.input.text === lab.servers.find((s) => s.id === 'oauth-protected')!.url,
    )!;
    assert.equal(locked.originProbe, null);
  });

  it('opens protected servers with the credentials the user passes (--header)', async () => {
    const server = lab.servers.find((s) => s.id === 'oauth-protected')!;
    assert.ok(server.credentials);
    const [result] = await collect([server.url], {
      headers: { [server.credentials.header.toLowerCase()]: server.credentials.value },
    });
    assert.equal(result?.status, 'mcp-open', result?.evidence.join(' | '));
    assert.ok((result?.tools.length ?? 0) > 0);
    // The secured server validates Origin: the foreign-Origin handshake is refused.
    assert.equal(result?.originProbe?.status, 403);
    assert.equal(result?.originProbe?.accepted, false);
  });

  it('finds the MCP path on a bare host:port by trying candidate paths', async () => {
    const server = lab.servers.find((s) => s.id === 'legacy-sse')!;
    const url = new URL(server.url);
    const [result] = await collect([`${url.hostname}:${url.port}`]);
    assert.equal(result?.status, 'mcp-open', result?.evidence.join(' | '));
    assert.equal(new URL(result!.target).pathname, '/sse');
    assert.equal(result?.transport, 'sse');
  });

  it('reports a closed port as closed and a bad target line as invalid-target, and goes on', async () => {
    const server = lab.servers.find((s) => s.id === 'open-stateless')!;
    const results2 = await collect(['127.0.0.1:1', 'not a target:99999', server.url]);
    assert.deepEqual(results2.map((r) => r.status).sort(), ['closed', 'invalid-target', 'mcp-open']);
    const invalid = results2.find((r) => r.status === 'invalid-target')!;
    assert.equal(invalid.error?.code, 'ERR_INVALID_TARGET');
  });

  it('the guarded server: auth required with complete OAuth metadata, and the lab key opens it', async () => {
    const server = lab.servers.find((s) => s.id === 'guarded')!;
    const result = results.find((r) => r.input.text === server.url)!;
    assert.equal(result.status, 'mcp-auth-required');
    const prm = result.auth.resourceMetadata?.document;
    assert.equal(prm?.resource, server.url);
    assert.ok(Array.isArray(prm?.authorization_servers) && prm.authorization_servers.length === 1);
    assert.deepEqual(result.auth.authorizationServers[0]?.document?.code_challenge_methods_supported, [
      'S256',
    ]);
    const [opened] = await collect([server.url], { headers: { authorization: server.credentials!.value } });
    assert.equal(opened?.status, 'mcp-open');
    assert.deepEqual(opened?.tools.map((t) => t.name).sort(), ['query_database', 'read_file', 'run_command']);
    assert.equal(opened?.originProbe?.accepted, false, 'the guard refuses a foreign Origin');
  });
});
