/**
 * The unit of scanning work: one host:port and the candidate paths to try there, in order.
 * A full URL target yields a unit with exactly one path and an explicit scheme.
 */
export interface ScanUnit {
  kind: 'unit';
  /** Hostname or IP literal, without brackets for IPv6. */
  host: string;
  port: number;
  /** 'http'/'https' when the input fixed it (URL target) or --tls forced it; 'auto' otherwise. */
  scheme: 'http' | 'https' | 'auto';
  /** Absolute paths (may carry a query string), tried in order until one is confirmed MCP. */
  paths: string[];
  /** True when the input named the exact endpoint (a URL): only that path is probed. */
  exactPath: boolean;
  /** The input line (trimmed) and its 1-based line number; null line for positional targets. */
  input: { text: string; line: number | null };
}

/** A target line that could not be parsed; it becomes an `invalid-target` result and the scan goes on. */
export interface InvalidTarget {
  kind: 'invalid';
  input: { text: string; line: number | null };
  reason: string;
}

export type TargetItem = ScanUnit | InvalidTarget;
