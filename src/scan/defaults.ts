/**
 * Scan defaults: the ports and paths where MCP servers are seen in the wild (see
 * /work/shared/SPEC-NOTES.md and docs/targets.md). Frozen so no caller can change them for everyone.
 */

/** Known MCP ports, most common first: FastMCP/supergateway, Node dev servers, Inspector, gateways, web. */
export const DEFAULT_PORTS: readonly number[] = Object.freeze([
  8000, 3000, 3001, 8080, 6274, 6277, 8811, 8787, 5678, 7071, 3232, 5000, 80, 443,
]);

/** Candidate endpoint paths, in probe order: the probe stops at the first one confirmed as MCP. */
export const DEFAULT_PATHS: readonly string[] = Object.freeze([
  '/mcp',
  '/sse',
  '/',
  '/messages',
  '/message',
  '/api/mcp',
  '/mcp/sse',
  '/v1/mcp',
]);

/** Ports where TLS is the convention; `--tls auto` tries HTTPS first there and HTTP first elsewhere. */
const TLS_FIRST_PORTS: ReadonlySet<number> = new Set([443, 8443]);

/** Which scheme `--tls auto` should try first on a port (it falls back to the other). */
export function schemeForPort(port: number): 'https' | 'http' {
  return TLS_FIRST_PORTS.has(port) ? 'https' : 'http';
}
