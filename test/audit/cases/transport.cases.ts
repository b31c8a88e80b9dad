import { type CheckCase, fires, silent } from '../check-case.ts';
import { buildObservation, loadObservation } from '../observation-builder.ts';

const lan = loadObservation('open-desktop-commander-lan');
const sse = loadObservation('legacy-sse-loopback-all-interfaces');
const clean = loadObservation('loopback-clean');

export const TRANSPORT_CASES: CheckCase[] = [
  fires('origin-not-validated', 'foreign Origin accepted on a private address', lan, {
    severity: 'high',
    subjects: ['Origin'],
  }),
  fires(
    'origin-not-validated',
    'foreign Origin accepted on a public address is medium',
    buildObservation({
      originProbe: {
        origin: 'https://evil.example',
        status: 200,
        accepted: true,
        allowOrigin: null,
        allowCredentials: false,
      },
    }),
    { severity: 'medium' },
  ),
  silent('origin-not-validated', 'foreign Origin answered 403', clean),
  silent('origin-not-validated', 'probe not sent', buildObservation({ originProbe: null })),

  fires('permissive-cors', 'wildcard ACAO', lan, { severity: 'medium' }),
  fires('permissive-cors', 'echoed origin with credentials', sse, { severity: 'high' }),
  silent(
    'permissive-cors',
    'ACAO for the server’s own web client only',
    buildObservation({
      originProbe: {
        origin: 'https://evil.example',
        status: 403,
        accepted: false,
        allowOrigin: 'https://app.example.com',
        allowCredentials: true,
      },
    }),
  ),
  silent('permissive-cors', 'no CORS headers', clean),

  fires('plaintext-http', 'plain HTTP on a LAN address', lan, {
    severity: 'medium',
    subjects: ['transport-security'],
  }),
  fires(
    'plaintext-http',
    'plain HTTP carrying bearer tokens is high',
    buildObservation({
      target: 'http://mcp.example.com/mcp',
      tls: false,
      status: 'mcp-auth-required',
      auth: { mode: 'required', httpStatus: 401 },
    }),
    { severity: 'high' },
  ),
  silent('plaintext-http', 'plain HTTP on loopback', clean),
  silent('plaintext-http', 'HTTPS', buildObservation()),

  fires('listening-on-all-interfaces', 'loopback server also open on LAN addresses', sse, {
    severity: 'high',
  }),
  silent('listening-on-all-interfaces', 'bound to loopback only', clean),
  silent('listening-on-all-interfaces', 'interfaces not probed', buildObservation({ exposedOn: null })),

  fires('legacy-sse-transport', 'HTTP+SSE 2024-11-05 server', sse, { severity: 'medium' }),
  silent('legacy-sse-transport', 'Streamable HTTP', lan),

  fires('outdated-protocol-version', '2024-11-05 is medium', sse, { severity: 'medium' }),
  fires('outdated-protocol-version', '2025-03-26 is low', lan, { severity: 'low' }),
  silent('outdated-protocol-version', '2026-07-28', clean),
  silent(
    'outdated-protocol-version',
    '2025-06-18 is still supported',
    buildObservation({ protocolVersion: '2025-06-18' }),
  ),
  silent(
    'outdated-protocol-version',
    'server that also offers a current revision',
    buildObservation({ protocolVersion: '2025-03-26', supportedVersions: ['2026-07-28', '2025-03-26'] }),
  ),
];
