import { type CheckCase, fires, silent } from '../check-case.ts';
import { fetched, loadObservation, notFound, oauthServer } from '../observation-builder.ts';

const good = loadObservation('oauth-protected-good');
const broken = loadObservation('oauth-protected-broken');
const missing = loadObservation('oauth-no-metadata');
const open = loadObservation('open-desktop-commander-lan');
const issuer = 'https://auth.example.com';
const asDoc = {
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  code_challenge_methods_supported: ['S256'],
  client_id_metadata_document_supported: true,
};

export const OAUTH_CASES: CheckCase[] = [
  fires('oauth-protected-resource-metadata', 'no metadata at any well-known URL', missing, {
    subjects: ['resource_metadata'],
  }),
  fires('oauth-protected-resource-metadata', 'resource names another server', broken, {
    subjects: ['resource'],
    severity: 'high',
  }),
  fires(
    'oauth-protected-resource-metadata',
    'empty authorization_servers',
    oauthServer({
      prm: fetched('https://mcp.example.com/.well-known/oauth-protected-resource/mcp', {
        resource: 'https://mcp.example.com/mcp',
        authorization_servers: [],
      }),
    }),
    { subjects: ['authorization_servers'] },
  ),
  silent('oauth-protected-resource-metadata', 'valid metadata', good),
  silent(
    'oauth-protected-resource-metadata',
    'resource is the origin (root form) covering the endpoint',
    oauthServer({
      prm: fetched('https://mcp.example.com/.well-known/oauth-protected-resource', {
        resource: 'https://mcp.example.com',
        authorization_servers: [issuer],
      }),
    }),
  ),
  silent('oauth-protected-resource-metadata', 'open server (no auth to describe)', open),

  fires('oauth-authorization-server-metadata', 'issuer mismatch', broken, { severity: 'high' }),
  fires(
    'oauth-authorization-server-metadata',
    'metadata unreachable',
    oauthServer({
      as: [
        notFound(
          `${issuer}/.well-known/oauth-authorization-server`,
          `${issuer}/.well-known/openid-configuration`,
        ),
      ],
    }),
    { severity: 'medium', subjects: [issuer] },
  ),
  silent('oauth-authorization-server-metadata', 'issuer matches exactly', good),
  silent(
    'oauth-authorization-server-metadata',
    'metadata found through OpenID Connect discovery',
    oauthServer({ as: [fetched(`${issuer}/.well-known/openid-configuration`, asDoc)] }),
  ),

  fires('oauth-pkce-s256', 'only plain PKCE', broken),
  fires(
    'oauth-pkce-s256',
    'no code_challenge_methods_supported',
    oauthServer({
      as: [
        fetched(`${issuer}/.well-known/oauth-authorization-server`, {
          ...asDoc,
          code_challenge_methods_supported: undefined,
        }),
      ],
    }),
  ),
  silent('oauth-pkce-s256', 'S256 advertised', good),

  fires('oauth-client-registration', 'neither CIMD nor DCR', broken, { severity: 'medium' }),
  silent('oauth-client-registration', 'Client ID Metadata Documents', good),
  silent(
    'oauth-client-registration',
    'Dynamic Client Registration only',
    oauthServer({
      as: [
        fetched(`${issuer}/.well-known/oauth-authorization-server`, {
          ...asDoc,
          client_id_metadata_document_supported: false,
          registration_endpoint: `${issuer}/register`,
        }),
      ],
    }),
  ),

  fires('oauth-insecure-endpoint', 'http issuer, metadata and endpoints', broken, { severity: 'high' }),
  silent('oauth-insecure-endpoint', 'all HTTPS', good),
  silent(
    'oauth-insecure-endpoint',
    'plain HTTP on loopback is allowed',
    oauthServer({
      target: 'http://127.0.0.1:3000/mcp',
      prm: fetched('http://127.0.0.1:3000/.well-known/oauth-protected-resource/mcp', {
        resource: 'http://127.0.0.1:3000/mcp',
        authorization_servers: ['http://localhost:9000'],
      }),
      as: [
        fetched('http://localhost:9000/.well-known/oauth-authorization-server', {
          ...asDoc,
          issuer: 'http://localhost:9000',
          token_endpoint: 'http://localhost:9000/token',
          authorization_endpoint: 'http://localhost:9000/authorize',
        }),
      ],
    }),
  ),
];
