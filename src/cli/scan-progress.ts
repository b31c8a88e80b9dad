import type { Writable } from 'node:stream';
import type { ScanResult } from '../scan/scan-run.ts';

/** A one-line progress meter on stderr, only on a terminal, redrawn at most ten times a second. */
export function createProgress(
  stderr: Writable,
  enabled: boolean,
): { update(result: ScanResult): void; done(): void } {
  let probed = 0;
  let mcp = 0;
  let open = 0;
  let last = 0;
  const started = performance.now();
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(probed / seconds) : 0;
    stderr.write(
      `\r\x1b[2K  scanning: ${probed} endpoints · ${mcp} MCP · ${open} open without auth · ${rate}/s`,
    );
  };
  return {
    update(result) {
      if (!enabled) return;
      probed += 1;
      if (
        result.status === 'mcp-open' ||
        result.status === 'mcp-partial' ||
        result.status === 'mcp-auth-required'
      )
        mcp += 1;
      if (result.status === 'mcp-open') open += 1;
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        draw();
      }
    },
    done() {
      if (enabled && probed > 0) stderr.write('\r\x1b[2K');
    },
  };
}
