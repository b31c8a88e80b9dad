import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isLockdownError } from '../../src/errors.ts';
import {
  buildWwwAuthenticate,
  findChallenge,
  parseWwwAuthenticate,
  WWW_AUTHENTICATE_LIMITS,
} from '../../src/mcp/www-authenticate.ts';
import type { AuthChallenge } from '../../src/scan/observation.ts';

const ch = (
  scheme: string,
  params: Record<string, string> = {},
  token68: string | null = null,
): AuthChallenge => ({
  scheme,
  params,
  token68,
});

describe('parseWwwAuthenticate: real samples', () => {
  it('MCP bearer with resource metadata and scope', () => {
    const h = 'Bearer resource_metadata="https://x/.well-known/oauth-protected-resource", scope="a b"';
    assert.deepEqual(parseWwwAuthenticate(h), [
      ch('Bearer', { resource_metadata: 'https://x/.well-known/oauth-protected-resource', scope: 'a b' }),
    ]);
  });

  it('insufficient scope', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer error="insufficient_scope", scope="files:read"'), [
      ch('Bearer', { error: 'insufficient_scope', scope: 'files:read' }),
    ]);
  });

  it('two challenges in one header, the second without params', () => {
    assert.deepEqual(parseWwwAuthenticate('Basic realm="x", Bearer'), [
      ch('Basic', { realm: 'x' }),
      ch('Bearer'),
    ]);
  });

  it('a bare scheme', () => {
    assert.deepEqual(parseWwwAuthenticate('Negotiate'), [ch('Negotiate')]);
  });

  it('token68', () => {
    assert.deepEqual(parseWwwAuthenticate('Basic dGVzdA=='), [ch('Basic', {}, 'dGVzdA==')]);
    assert.deepEqual(parseWwwAuthenticate('Negotiate a87421000492aa874209af8bc028, Basic realm="r"'), [
      ch('Negotiate', {}, 'a87421000492aa874209af8bc028'),
      ch('Basic', { realm: 'r' }),
    ]);
  });

  it('several headers (array) and the RFC 9110 example with many params', () => {
    const h = ['Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"', 'Bearer'];
    assert.deepEqual(parseWwwAuthenticate(h), [
      ch('Newauth', { realm: 'apps', type: '1', title: 'Login to "apps"' }),
      ch('Basic', { realm: 'simple' }),
      ch('Bearer'),
    ]);
  });

  it('RFC 7616 Digest with two challenges and unquoted algorithm', () => {
    const h =
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest realm="http-auth@example.org", algorithm=MD5';
    const out = parseWwwAuthenticate(h);
    assert.equal(out.length, 2);
    assert.deepEqual(out[0]!.params, {
      realm: 'http-auth@example.org',
      qop: 'auth, auth-int',
      algorithm: 'SHA-256',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    });
    assert.deepEqual(out[1], ch('Digest', { realm: 'http-auth@example.org', algorithm: 'MD5' }));
  });

  it('RFC 6750 invalid_token with a description, and an Azure-style empty realm', () => {
    assert.deepEqual(
      parseWwwAuthenticate(
        'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      ),
      [
        ch('Bearer', {
          realm: 'example',
          error: 'invalid_token',
          error_description: 'The access token expired',
        }),
      ],
    );
    assert.deepEqual(
      parseWwwAuthenticate(
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
      ),
      [
        ch('Bearer', {
          realm: '',
          authorization_uri: 'https://login.microsoftonline.com/common/oauth2/authorize',
          client_id: '00000003-0000-0000-c000-000000000000',
        }),
      ],
    );
  });

  it('null, undefined, empty and whitespace give no challenges', () => {
    assert.deepEqual(parseWwwAuthenticate(null), []);
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.deepEqual(parseWwwAuthenticate(' , ,, '), []);
    assert.deepEqual(parseWwwAuthenticate([]), []);
  });
});

describe('parseWwwAuthenticate: grammar and sloppiness', () => {
  it('keeps the scheme as sent, lower-cases param names; findChallenge compares schemes case-insensitively', () => {
    const parsed = parseWwwAuthenticate('bEaReR Realm="x", SCOPE="y"');
    assert.deepEqual(parsed, [ch('bEaReR', { realm: 'x', scope: 'y' })]);
    assert.equal(findChallenge(parsed, 'Bearer'), parsed[0]);
    assert.equal(findChallenge(parsed, 'basic'), undefined);
  });

  it('whitespace around "=" (BWS)', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm = "x" ,scope\t=\ty'), [
      ch('Bearer', { realm: 'x', scope: 'y' }),
    ]);
  });

  it('unquoted URLs and missing spaces after commas', () => {
    assert.deepEqual(
      parseWwwAuthenticate('Bearer resource_metadata=https://h:8443/.well-known/x?a=b,scope=files:read'),
      [ch('Bearer', { resource_metadata: 'https://h:8443/.well-known/x?a=b', scope: 'files:read' })],
    );
  });

  it('missing commas between params', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="x" scope="y" error=invalid_token'), [
      ch('Bearer', { realm: 'x', scope: 'y', error: 'invalid_token' }),
    ]);
    assert.deepEqual(parseWwwAuthenticate('Bearer realm=x scope=y\terror = e , Basic'), [
      ch('Bearer', { realm: 'x', scope: 'y', error: 'e' }),
      ch('Basic'),
    ]);
  });

  it('unquoted values with inner spaces run to the comma', () => {
    assert.deepEqual(parseWwwAuthenticate('Basic realm=My Realm, charset=UTF-8'), [
      ch('Basic', { realm: 'My Realm', charset: 'UTF-8' }),
    ]);
  });

  it('backslash escapes, empty values and an unterminated quoted string', () => {
    assert.deepEqual(parseWwwAuthenticate('X a="\\\\\\"q", b="", c='), [
      ch('X', { a: '\\"q', b: '', c: '' }),
    ]);
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="abc, def'), [ch('Bearer', { realm: 'abc, def' })]);
  });

  it('commas inside quoted strings do not split', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer scope="a,b", Basic'), [
      ch('Bearer', { scope: 'a,b' }),
      ch('Basic'),
    ]);
  });

  it('a duplicate param keeps the first value', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="a", REALM="b"'), [ch('Bearer', { realm: 'a' })]);
  });

  it('junk is skipped, not fatal', () => {
    assert.deepEqual(parseWwwAuthenticate('"quoted", Bearer realm="x" @@@, Basic'), [
      ch('Bearer', { realm: 'x' }),
      ch('Basic'),
    ]);
    assert.deepEqual(parseWwwAuthenticate('=, Bearer'), [ch('Bearer')]);
  });

  it('a __proto__ param is an own property and does not touch the prototype', () => {
    const [c] = parseWwwAuthenticate('Bearer __proto__="polluted", constructor="c"');
    assert.ok(c);
    assert.equal(Object.getPrototypeOf(c.params), Object.prototype);
    assert.deepEqual(Object.keys(c.params), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(c.params, '__proto__')?.value, 'polluted');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('caps challenges, params and value lengths', () => {
    const many = Array.from({ length: 40 }, (_, k) => `S${k} a="1"`).join(', ');
    assert.equal(parseWwwAuthenticate(many).length, WWW_AUTHENTICATE_LIMITS.challenges);
    assert.equal(parseWwwAuthenticate([many, many]).length, WWW_AUTHENTICATE_LIMITS.challenges);
    const params = Array.from({ length: 100 }, (_, k) => `p${k}="v"`).join(', ');
    const [c] = parseWwwAuthenticate(`Bearer ${params}`);
    assert.equal(Object.keys(c!.params).length, WWW_AUTHENTICATE_LIMITS.paramsPerChallenge);
    const [d] = parseWwwAuthenticate(`Bearer realm="${'x'.repeat(100_000)}"`);
    assert.equal(d!.params.realm!.length, WWW_AUTHENTICATE_LIMITS.valueChars);
  });

  it('is fast on a large hostile header', () => {
    const started = performance.now();
    parseWwwAuthenticate(`Bearer a=${'b '.repeat(200_000)}`);
    parseWwwAuthenticate(`Bearer ${'x="\\'.repeat(100_000)}`);
    parseWwwAuthenticate(','.repeat(500_000));
    assert.ok(performance.now() - started < 2000);
  });
});

describe('buildWwwAuthenticate', () => {
  it('quotes every value and escapes quote and backslash', () => {
    assert.equal(
      buildWwwAuthenticate({ scheme: 'Bearer', params: { error: 'insufficient_scope', scope: 'a "b" \\c' } }),
      'Bearer error="insufficient_scope", scope="a \\"b\\" \\\\c"',
    );
    assert.equal(buildWwwAuthenticate({ scheme: 'Bearer', params: {} }), 'Bearer');
  });

  it('replaces characters a header cannot carry, so no header injection', () => {
    const h = buildWwwAuthenticate({
      scheme: 'Bearer',
      params: { error_description: 'bad\r\nSet-Cookie: x\u0000\u00e9' },
    });
    assert.equal(h, 'Bearer error_description="bad??Set-Cookie: x??"');
  });

  it('rejects a scheme or param name that is not a token, with a stable code', () => {
    assert.throws(
      () => buildWwwAuthenticate({ scheme: 'Bad Scheme', params: {} }),
      (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
    );
    assert.throws(
      () => buildWwwAuthenticate({ scheme: 'Bearer', params: { 'a b': 'x' } }),
      (e) => isLockdownError(e, 'ERR_INVALID_OPTION'),
    );
  });
});

const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
const headerSafe = fc.string({
  unit: fc.constantFrom(...' \t!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~aZ09'),
  maxLength: 30,
});
// Param names in any case, unique once lower-cased (the parser lower-cases them; a duplicate keeps the first).
const challengeArb = fc
  .record({
    scheme: token,
    params: fc.uniqueArray(fc.tuple(token, headerSafe), {
      maxLength: 6,
      selector: ([name]) => name.toLowerCase(),
    }),
  })
  .map(({ scheme, params }) => ({ scheme, params: Object.fromEntries(params) }));

const lowerKeys = (params: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));

describe('parseWwwAuthenticate: properties', () => {
  it('round-trips build -> parse for arbitrary schemes and params', () => {
    fc.assert(
      fc.property(challengeArb, (c) => {
        assert.deepEqual(parseWwwAuthenticate(buildWwwAuthenticate(c)), [ch(c.scheme, lowerKeys(c.params))]);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips several challenges joined in one header and split over several headers', () => {
    fc.assert(
      fc.property(fc.array(challengeArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (cs, joined) => {
        const built = cs.map(buildWwwAuthenticate);
        const parsed = parseWwwAuthenticate(joined ? built.join(', ') : built);
        assert.deepEqual(
          parsed,
          cs.map((c) => ch(c.scheme, lowerKeys(c.params))),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary input never throws and stays within bounds', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .array(
          fc.constantFrom('Bearer', ' ', ',', '=', '"', '\\', 'a', 'realm', '==', '\t', '/', ':', '\r\n'),
          {
            maxLength: 60,
          },
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(fc.oneof(hostile, fc.array(hostile, { maxLength: 4 })), (h) => {
        const out = parseWwwAuthenticate(h);
        assert.ok(out.length <= WWW_AUTHENTICATE_LIMITS.challenges);
        for (const c of out) {
          assert.match(c.scheme, /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          assert.ok(c.token68 === null || typeof c.token68 === 'string');
          const entries = Object.entries(c.params);
          assert.ok(entries.length <= WWW_AUTHENTICATE_LIMITS.paramsPerChallenge);
          for (const [k, v] of entries) {
            assert.equal(k, k.toLowerCase());
            assert.ok(v.length <= WWW_AUTHENTICATE_LIMITS.valueChars);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('non-string inputs in an array are ignored, never thrown on', () => {
    assert.deepEqual(parseWwwAuthenticate([42, null, 'Bearer'] as unknown as string[]), [ch('Bearer')]);
  });
});
