/**
 * A small Prometheus registry for the guard: counters, gauges and latency histograms rendered in the text
 * exposition format (version 0.0.4). Hand-written because the guard needs five series, not a framework.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const escaped = keys.map(
    (k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
  );
  return `{${escaped.join(',')}}`;
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface GuardMetrics {
  countRequest(labels: { method: string; status: number }): void;
  countDenial(reason: string): void;
  countUpstreamError(kind: string): void;
  observeLatency(phase: 'total' | 'upstream', seconds: number): void;
  streamOpened(): void;
  streamClosed(): void;
  openStreams(): number;
  render(): string;
}

export function createGuardMetrics(): GuardMetrics {
  const requestsByMethod = new Map<string, Map<number, number>>();
  const denials = new Map<string, number>();
  const upstreamErrors = new Map<string, number>();
  const histograms = new Map<string, Histogram>();
  let streams = 0;

  function bump(map: Map<string, number>, labels: Labels): void {
    const key = labelKey(labels);
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  function renderCounter(name: string, help: string, map: Map<string, number>, out: string[]): void {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [key, value] of map) out.push(`${name}${key} ${value}`);
  }

  return {
    countRequest({ method, status }) {
      // Hot path: counted by method then status; the label text is only built when rendering.
      let byStatus = requestsByMethod.get(method);
      if (byStatus === undefined) {
        byStatus = new Map();
        requestsByMethod.set(method, byStatus);
      }
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    },
    countDenial(reason) {
      bump(denials, { reason });
    },
    countUpstreamError(kind) {
      bump(upstreamErrors, { kind });
    },
    observeLatency(phase, seconds) {
      let h = histograms.get(phase);
      if (h === undefined) {
        h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
        histograms.set(phase, h);
      }
      // Counted in the first bucket that holds the value; render() makes the counts cumulative.
      let i = 0;
      while (i < LATENCY_BUCKETS.length && seconds > (LATENCY_BUCKETS[i] as number)) i++;
      if (i < LATENCY_BUCKETS.length) h.counts[i] = (h.counts[i] as number) + 1;
      h.sum += seconds;
      h.count += 1;
    },
    streamOpened() {
      streams += 1;
    },
    streamClosed() {
      streams = Math.max(0, streams - 1);
    },
    openStreams() {
      return streams;
    },
    render() {
      const out: string[] = [];
      const requests = new Map<string, number>();
      for (const [method, byStatus] of requestsByMethod)
        for (const [status, n] of byStatus) requests.set(labelKey({ method, status: String(status) }), n);
      renderCounter(
        'mcp_guard_requests_total',
        'HTTP requests handled, by JSON-RPC method and status.',
        requests,
        out,
      );
      renderCounter('mcp_guard_denials_total', 'Requests refused, by reason.', denials, out);
      renderCounter('mcp_guard_upstream_errors_total', 'Upstream failures, by kind.', upstreamErrors, out);
      out.push(
        '# HELP mcp_guard_request_duration_seconds Request latency in seconds (total, and upstream only).',
        '# TYPE mcp_guard_request_duration_seconds histogram',
      );
      for (const [phase, h] of histograms) {
        let cumulative = 0;
        for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
          cumulative += h.counts[i] as number;
          out.push(
            `mcp_guard_request_duration_seconds_bucket{le="${LATENCY_BUCKETS[i]}",phase="${phase}"} ${cumulative}`,
          );
        }
        out.push(`mcp_guard_request_duration_seconds_bucket{le="+Inf",phase="${phase}"} ${h.count}`);
        out.push(`mcp_guard_request_duration_seconds_sum{phase="${phase}"} ${h.sum}`);
        out.push(`mcp_guard_request_duration_seconds_count{phase="${phase}"} ${h.count}`);
      }
      out.push(
        '# HELP mcp_guard_open_streams SSE streams currently open through the guard.',
        '# TYPE mcp_guard_open_streams gauge',
        `mcp_guard_open_streams ${streams}`,
      );
      return `${out.join('\n')}\n`;
    },
  };
}
