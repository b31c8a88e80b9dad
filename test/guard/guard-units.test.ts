import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AuthOutcome } from '../../src/guard/auth/authenticate.ts';
import { anonymousPrincipal, type Principal } from '../../src/guard/auth/principal.ts';
import { createCachedAuthenticator } from '../../src/guard/auth-cache.ts';
import {
  buildListRewrite,
  judgeMessages,
  listRequests,
  POLICY_DENIED_CODE,
} from '../../src/guard/enforce-policy.ts';
import { inspectPayload } from '../../src/guard/inspect-request.ts';
import { checkMirroredHeaders, decodeHeaderValue } from '../../src/guard/mcp-headers.ts';
import { createGuardMetrics } from '../../src/guard/metrics.ts';
import { buildOriginPolicy, checkOriginAndHost } from '../../src/guard/origin-guard.ts';
import { createSessionRegistry } from '../../src/guard/session-registry.ts';
import { createLineFramer } from '../../src/guard/upstream/line-framer.ts';
import type { JsonRpcMessage } from '../../src/mcp/json-rpc.ts';
import { compilePolicy } from '../../src/policy/compile-policy.ts';

const sentinel = (s: string) => `=?base64?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const lookup = (h: Record<string, string>) => (name: string) => h[name];
const modern = (method: string, params: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 1,
  method,
  params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
});

describe('mcp-headers', () => {
  it('decodes the Base64 sentinel and leaves plain values alone', () => {
    assert.equal(decodeHeaderValue('get_weather'), 'get_weather');
    assert.equal(decodeHeaderValue('=?base64?SGVsbG8sIOS4lueVjA==?='), 'Hello, 世界');
    assert.equal(decodeHeaderValue('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?='), '=?base64?literal?=');
    assert.equal(decodeHeaderValue('=?base64?not base64!?='), null);
    assert.equal(decodeHeaderValue(`=?base64?${Buffer.from([0xff, 0xfe]).toString('base64')}?=`), null);
  });

  it('round-trips any string through the sentinel (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => assert.equal(decodeHeaderValue(sentinel(s)), s)),
    );
  });

  it('never throws on arbitrary header values (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const v = decodeHeaderValue(s);
        assert.ok(v === null || typeof v === 'string');
      }),
    );
  });

  it('checks method, name and version for 2026-07-28 requests only', () => {
    const body = modern('tools/call', { name: 'x' });
    const ok = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'x' };
    assert.deepEqual(checkMirroredHeaders(lookup(ok), body), { era: 'modern', mismatch: null });
    assert.match(checkMirroredHeaders(lookup({ ...ok, 'mcp-name': 'y' }), body).mismatch ?? '', /Mcp-Name/);
    assert.equal(checkMirroredHeaders(lookup({ ...ok, 'mcp-name': sentinel('x') }), body).mismatch, null);
    assert.match(
      checkMirroredHeaders(lookup({ ...ok, 'mcp-method': 'tools/list' }), body).mismatch ?? '',
      /Mcp-Method/,
    );
    // The body claims 2026 but the header is absent: still modern, and rejected.
    assert.match(
      checkMirroredHeaders(lookup({ 'mcp-method': 'tools/call', 'mcp-name': 'x' }), body).mismatch ?? '',
      /MCP-Protocol-Version/,
    );
    // A 2025 request: headers are neither checked nor trusted.
    const old = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } };
    assert.deepEqual(
      checkMirroredHeaders(lookup({ 'mcp-protocol-version': '2025-06-18', 'mcp-name': 'zzz' }), old),
      {
        era: 'session',
        mismatch: null,
      },
    );
    const read = modern('resources/read', { uri: 'file:///a b' });
    assert.equal(
      checkMirroredHeaders(
        lookup({
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'resources/read',
          'mcp-name': sentinel('file:///a b'),
        }),
        read,
      ).mismatch,
      null,
    );
  });

  it('flags any Mcp-Name that differs from the body name (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (bodyName, headerName) => {
        const check = checkMirroredHeaders(
          lookup({
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'tools/call',
            'mcp-name': sentinel(headerName),
          }),
          modern('tools/call', { name: bodyName }),
        );
        assert.equal(check.mismatch === null, bodyName === headerName);
      }),
    );
  });
});

describe('inspectPayload', () => {
  it('maps bad JSON to -32700 and bad shapes to -32600, never throwing (property)', () => {
    const bad = inspectPayload(Buffer.from('{'), () => undefined);
    assert.ok(!bad.ok && bad.code === -32700);
    const shape = inspectPayload(Buffer.from('{"jsonrpc":"1.0"}'), () => undefined);
    assert.ok(!shape.ok && shape.code === -32600);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = inspectPayload(Buffer.from(text), () => undefined);
        assert.ok(r.ok || [400].includes(r.status));
      }),
    );
  });

  it('rejects batches in the 2026-07-28 era and reads the client name', () => {
    const batch = Buffer.from(JSON.stringify([modern('ping'), modern('ping')]));
    const r = inspectPayload(batch, lookup({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'ping' }));
    assert.ok(!r.ok && r.code === -32600);
    const init = inspectPayload(
      Buffer.from(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { clientInfo: { name: 'claude', version: '1' } },
        }),
      ),
      () => undefined,
    );
    assert.ok(init.ok && init.clientName === 'claude' && init.era === 'session');
  });
});

describe('line framer (stdio framing)', () => {
  it('yields the same lines however the bytes are chunked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\n') && s.trim().length > 0),
          { maxLength: 10 },
        ),
        fc.array(fc.nat(40), { maxLength: 10 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
          const framer = createLineFramer(1 << 20, () => assert.fail('no overflow'));
          const out: string[] = [];
          let at = 0;
          for (const cut of [...cuts, bytes.length]) {
            const end = Math.min(bytes.length, at + cut);
            out.push(...framer.push(bytes.subarray(at, end)));
            at = end;
          }
          out.push(...framer.push(bytes.subarray(at)));
          assert.deepEqual(
            out,
            lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)),
          );
        },
      ),
    );
  });

  it('drops an over-long line and recovers at the next newline', () => {
    const overflows: number[] = [];
    const framer = createLineFramer(10, (n) => overflows.push(n));
    assert.deepEqual(framer.push(Buffer.from('0123456789abcdef')), []);
    assert.deepEqual(framer.push(Buffer.from('ghij\nok\n')), ['ok']);
    assert.equal(overflows.length, 1);
  });
});

describe('session registry', () => {
  it('mints unguessable ids bound to one principal', () => {
    const reg = createSessionRegistry();
    const ids = new Set(Array.from({ length: 200 }, () => reg.mint('p1')));
    assert.equal(ids.size, 200);
    const id = [...ids][0] as string;
    assert.ok(id.length >= 32);
    assert.deepEqual(reg.check(id, 'p1'), { ok: true });
    assert.deepEqual(reg.check(id, 'p2'), { ok: false, reason: 'session-principal-mismatch' });
    assert.deepEqual(reg.check('nope', 'p1'), { ok: false, reason: 'unknown-session' });
    assert.equal(reg.bind('upstream-id', 'p1'), true);
    assert.equal(reg.bind('upstream-id', 'p2'), false);
    reg.forget(id);
    assert.deepEqual(reg.check(id, 'p1'), { ok: false, reason: 'unknown-session' });
  });

  it('stays bounded', () => {
    const reg = createSessionRegistry({ maxSessions: 10 });
    for (let i = 0; i < 50; i++) reg.mint('p');
    assert.ok(reg.size() <= 10);
  });

  it('evicts the least recently used session when full (use tracked to within a second)', () => {
    let t = 1_000_000;
    const reg = createSessionRegistry({ maxSessions: 3, now: () => t });
    const a = reg.mint('p');
    t += 10;
    const b = reg.mint('p');
    t += 10;
    const c = reg.mint('p');
    // Used again within the second: the eviction order does not change yet, so `a` is still the oldest.
    t += 10;
    assert.deepEqual(reg.check(a, 'p'), { ok: true });
    t += 10;
    const d = reg.mint('p');
    assert.deepEqual(reg.check(a, 'p'), { ok: false, reason: 'unknown-session' });
    // Used after more than a second: `b` moves behind `c` and `d`, so `c` goes next.
    t += 1500;
    assert.deepEqual(reg.check(b, 'p'), { ok: true });
    reg.mint('p');
    assert.deepEqual(reg.check(c, 'p'), { ok: false, reason: 'unknown-session' });
    assert.deepEqual(reg.check(b, 'p'), { ok: true });
    assert.deepEqual(reg.check(d, 'p'), { ok: true });
  });

  it('expires a session unused for the TTL however often it was used before', () => {
    let t = 0;
    const reg = createSessionRegistry({ ttlMs: 5000, now: () => t });
    const id = reg.mint('p');
    for (let i = 0; i < 10; i++) {
      t += 400;
      assert.deepEqual(reg.check(id, 'p'), { ok: true });
    }
    t += 4999;
    assert.deepEqual(reg.check(id, 'p'), { ok: true }, 'each use restarts the TTL');
    t += 5001;
    assert.deepEqual(reg.check(id, 'p'), { ok: false, reason: 'unknown-session' });
  });
});

describe('origin and host', () => {
  const policy = buildOriginPolicy({
    listenHost: '127.0.0.1',
    port: 6280,
    publicUrl: 'https://mcp.example.com/mcp',
    allowedOrigins: ['https://app.example.com'],
    allowedHosts: [],
  });
  it('allows own names and listed origins, refuses others', () => {
    assert.deepEqual(checkOriginAndHost(policy, undefined, '127.0.0.1:6280'), { ok: true });
    assert.deepEqual(checkOriginAndHost(policy, 'https://app.example.com', 'mcp.example.com'), { ok: true });
    assert.equal(checkOriginAndHost(policy, 'https://evil.example', 'localhost:6280').ok, false);
    assert.equal(checkOriginAndHost(policy, undefined, 'evil.example:6280').ok, false);
    assert.equal(checkOriginAndHost(policy, undefined, undefined).ok, false);
  });
});

describe('policy step', () => {
  const policy = compilePolicy([
    {
      principals: { keys: ['k'] },
      allow: { tools: ['read_*'], resources: ['file:///pub/*'] },
      deny: { tools: ['read_secrets'] },
    },
  ]);
  const principal: Principal = { ...anonymousPrincipal(), id: 'key:k', kind: 'api-key', name: 'k' };
  it('judges a batch element by element', () => {
    const messages: JsonRpcMessage[] = [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'read_file' } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'read_secrets' } },
      { jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 'file:///etc/passwd' } },
      { jsonrpc: '2.0', id: 4, method: 'tools/list' },
    ];
    const j = judgeMessages(policy, principal, messages);
    assert.deepEqual(
      j.forwarded.map((m) => ('id' in m ? m.id : null)),
      [1, 4],
    );
    assert.deepEqual(
      j.denials.map((m) => ('id' in m ? m.id : null)),
      [2, 3],
    );
    assert.ok(j.denials.every((m) => 'error' in m && m.error.code === POLICY_DENIED_CODE));
  });
  it('filters list results to what the caller may use', () => {
    const rewrite = buildListRewrite(
      policy,
      principal,
      listRequests([{ jsonrpc: '2.0', id: 9, method: 'tools/list' }]),
    );
    assert.ok(rewrite);
    const out = rewrite({
      jsonrpc: '2.0',
      id: 9,
      result: { tools: [{ name: 'read_file' }, { name: 'read_secrets' }, { name: 'rm' }] },
    });
    assert.deepEqual(
      (out as { result: { tools: { name: string }[] } }).result.tools.map((t) => t.name),
      ['read_file'],
    );
    // Responses to other ids pass untouched.
    const other = { jsonrpc: '2.0' as const, id: 10, result: { tools: [{ name: 'rm' }] } };
    assert.equal(rewrite(other), other);
  });
});

describe('metrics', () => {
  it('renders Prometheus text with escaped labels', () => {
    const m = createGuardMetrics();
    m.countRequest({ method: 'tools/call', status: 200 });
    m.countDenial('policy');
    m.observeLatency('total', 0.003);
    m.streamOpened();
    const text = m.render();
    assert.match(text, /# TYPE mcp_guard_requests_total counter/);
    assert.match(text, /mcp_guard_requests_total\{method="tools\/call",status="200"\} 1/);
    assert.match(text, /mcp_guard_request_duration_seconds_bucket\{le="0.005",phase="total"\} 1/);
    assert.match(text, /mcp_guard_request_duration_seconds_bucket\{le="0.0025",phase="total"\} 0/);
    assert.match(text, /mcp_guard_open_streams 1/);
  });

  it('keeps histogram buckets cumulative, with values past the last bucket only in +Inf', () => {
    const m = createGuardMetrics();
    for (const seconds of [0.0005, 0.001, 0.004, 0.2, 0.2, 30]) m.observeLatency('upstream', seconds);
    const bucket = (le: string): number => {
      const line = m
        .render()
        .split('\n')
        .find((l) => l.startsWith(`mcp_guard_request_duration_seconds_bucket{le="${le}",phase="upstream"}`));
      return Number(line?.split(' ').pop());
    };
    assert.equal(bucket('0.001'), 2, 'the bound itself is inside (le)');
    assert.equal(bucket('0.0025'), 2);
    assert.equal(bucket('0.005'), 3);
    assert.equal(bucket('0.1'), 3);
    assert.equal(bucket('0.25'), 5);
    assert.equal(bucket('10'), 5);
    assert.equal(bucket('+Inf'), 6);
    assert.match(m.render(), /mcp_guard_request_duration_seconds_count\{phase="upstream"\} 6/);
  });
});

describe('JWT outcome cache', () => {
  const jwtPrincipal = (exp: number): Principal => ({
    ...anonymousPrincipal(),
    id: 'jwt:sub:u',
    kind: 'jwt',
    claims: { exp },
  });
  it('reuses a verified JWT until min(exp, max TTL), never caches failures or other kinds', async () => {
    let clock = 1_000_000;
    let calls = 0;
    const outcomes: Record<string, AuthOutcome> = {
      'Bearer good': { ok: true, principal: jwtPrincipal(1_000_000 / 1000 + 30) },
      'Bearer bad': {
        ok: false,
        status: 401,
        wwwAuthenticate: 'Bearer',
        error: 'invalid_token',
        description: 'x',
      },
      'Bearer mlk_key': { ok: true, principal: { ...anonymousPrincipal(), id: 'key:k', kind: 'api-key' } },
    };
    const inner = {
      authenticate: async (h: string | undefined) => {
        calls++;
        return outcomes[h ?? ''] as AuthOutcome;
      },
      close: async () => undefined,
    };
    const cached = createCachedAuthenticator(inner, { maxTtlMs: 60_000, now: () => clock });
    await cached.authenticate('Bearer good');
    await cached.authenticate('Bearer good');
    assert.equal(calls, 1);
    await cached.authenticate('Bearer bad');
    await cached.authenticate('Bearer bad');
    await cached.authenticate('Bearer mlk_key');
    await cached.authenticate('Bearer mlk_key');
    assert.equal(calls, 5);
    clock += 31_000; // past exp (30 s), before the max TTL
    await cached.authenticate('Bearer good');
    assert.equal(calls, 6);
  });
});
