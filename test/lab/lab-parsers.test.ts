// Property tests for the lab's own parsers of remote bytes: none may throw, and each decides correctly.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkBearer } from '../../src/lab/bearer-token.ts';
import { isLoopbackRedirect } from '../../src/lab/lab-authorization-server.ts';
import { callsGuardedMethod, GUARDED_METHODS } from '../../src/lab/partial-server.ts';

function requestWith(authorization: string | undefined): IncomingMessage {
  return { headers: authorization === undefined ? {} : { authorization } } as IncomingMessage;
}

describe('checkBearer', () => {
  test('accepts exactly the token, in any scheme case, and never throws', () => {
    const token = 'lab-token_123';
    assert.equal(checkBearer(requestWith(`Bearer ${token}`), token), 'ok');
    assert.equal(checkBearer(requestWith(`bearer ${token}`), token), 'ok');
    assert.equal(checkBearer(requestWith(undefined), token), 'missing');
    assert.equal(checkBearer(requestWith(''), token), 'missing');
    assert.equal(checkBearer(requestWith(`Basic ${token}`), token), 'invalid');
    assert.equal(checkBearer(requestWith(`Bearer ${token}x`), token), 'invalid');
    fc.assert(
      fc.property(fc.string(), (header) => {
        const verdict = checkBearer(requestWith(header), token);
        if (verdict === 'ok') assert.match(header, new RegExp(`^bearer\\s+${token}\\s*$`, 'i'));
      }),
    );
  });
});

describe('callsGuardedMethod', () => {
  test('is true exactly when some message of the body calls a guarded method', () => {
    assert.equal(callsGuardedMethod({ jsonrpc: '2.0', id: 1, method: 'tools/list' }), true);
    assert.equal(callsGuardedMethod([{ method: 'ping' }, { method: 'prompts/list' }]), true);
    assert.equal(callsGuardedMethod({ jsonrpc: '2.0', id: 1, method: 'initialize' }), false);
    assert.equal(callsGuardedMethod({ method: '__proto__' }), false);
    assert.equal(callsGuardedMethod({ method: ['tools/list'] }), false);
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const messages = Array.isArray(body) ? body : [body];
        const expected = messages.some((m) => {
          const method = typeof m === 'object' && m !== null ? (m as { method?: unknown }).method : undefined;
          return typeof method === 'string' && GUARDED_METHODS.has(method);
        });
        assert.equal(callsGuardedMethod(body), expected);
      }),
    );
  });
});

describe('isLoopbackRedirect', () => {
  test('never throws, and only ever approves http(s) URLs on a loopback host', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (value) => {
        if (isLoopbackRedirect(value)) {
          const url = new URL(value);
          assert.ok(['http:', 'https:'].includes(url.protocol));
          assert.ok(
            url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.'),
          );
        }
      }),
    );
    assert.equal(isLoopbackRedirect('http://[::1]:3000/cb'), true);
    assert.equal(isLoopbackRedirect('http://127.0.0.1/cb#frag'), false);
  });
});
