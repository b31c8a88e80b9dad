import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  authorizationServerMetadataUrls,
  protectedResourceMetadataUrls,
} from '../../src/mcp/oauth-metadata-urls.ts';

describe('OAuth metadata locations', () => {
  it('RFC 9728: path-inserted form first, then the root form', () => {
    assert.deepEqual(protectedResourceMetadataUrls('https://api.example.com/v1/mcp'), [
      'https://api.example.com/.well-known/oauth-protected-resource/v1/mcp',
      'https://api.example.com/.well-known/oauth-protected-resource',
    ]);
    assert.deepEqual(protectedResourceMetadataUrls('http://127.0.0.1:3000/'), [
      'http://127.0.0.1:3000/.well-known/oauth-protected-resource',
    ]);
  });

  it('RFC 8414 and OpenID Connect forms for issuers with and without a path', () => {
    assert.deepEqual(authorizationServerMetadataUrls('https://auth.example.com'), [
      'https://auth.example.com/.well-known/oauth-authorization-server',
      'https://auth.example.com/.well-known/openid-configuration',
    ]);
    assert.deepEqual(authorizationServerMetadataUrls('https://auth.example.com/tenant1/'), [
      'https://auth.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://auth.example.com/.well-known/openid-configuration/tenant1',
      'https://auth.example.com/tenant1/.well-known/openid-configuration',
    ]);
  });

  it('always stays on the resource origin (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const origin = new URL(url).origin;
        for (const candidate of [
          ...protectedResourceMetadataUrls(url),
          ...authorizationServerMetadataUrls(url),
        ]) {
          assert.equal(new URL(candidate).origin, origin);
          assert.ok(new URL(candidate).pathname.includes('/.well-known/'));
        }
      }),
    );
  });
});
