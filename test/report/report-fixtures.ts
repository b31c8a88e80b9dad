import { readFileSync } from 'node:fs';
import type { ScanRun } from '../../src/scan/scan-run.ts';

/** Shared by the report tests: the hand-built fixture runs and a run full of hostile strings. */

const RUNS = new URL('../fixtures/runs/', import.meta.url);

export function fixturePath(name: string): string {
  return new URL(name, RUNS).pathname;
}

export function loadFixture(name: 'sample-run.json' | 'sample-run-later.json'): ScanRun {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as ScanRun;
}

/** Payloads a hostile MCP server might put in names, descriptions and versions. */
export const XSS_PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '</style><script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  "'><iframe src=javascript:window.__pwned=1>",
  'javascript:window.__pwned=1',
  '</script><script>window.__pwned=1</script>',
  '<!--<script>window.__pwned=1</script>-->',
  '</textarea></title><body onload=window.__pwned=1>',
] as const;

export const TERMINAL_PAYLOADS = [
  '\u001b[2J\u001b[31mCLEARED',
  '\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007',
  'bell\u0007\u0008\u0008backspace',
  '\u009b31mC1-CSI',
  'abc\u202edcba-bidi',
  'zero\u200bwidth\u2066isolate\u2069',
  'tag\u{e0041}\u{e0042}chars',
  'line\r\nbreak',
] as const;

/** The sample run with every server-controlled string replaced by hostile payloads. */
export function hostileRun(): ScanRun {
  const run = loadFixture('sample-run.json');
  const all = [...XSS_PAYLOADS, ...TERMINAL_PAYLOADS];
  let i = 0;
  const next = (): string => all[i++ % all.length] as string;
  for (const r of run.results) {
    if (r.serverInfo !== null) r.serverInfo = { name: `srv ${next()}`, version: next() };
    r.evidence = r.evidence.map((e) => `${e} ${next()}`);
    r.instructions = next();
    for (const t of r.tools) {
      t.name = `tool_${next()}`;
      t.description = `Description ${next()} ${next()}`;
      t.annotations = { [`${next()}Hint`]: true };
    }
    for (const f of [...r.findings, ...r.suppressed.map((s) => s.finding)]) {
      f.subject = `subj ${next()}`;
      f.message = `The tool said ${next()}`;
      f.evidence = { category: `cat ${next()}` };
    }
    for (const s of r.suppressed) s.reason = `reason ${next()}`;
    if (r.error !== null) r.error = { code: 'ERR_TIMEOUT', message: next() };
  }
  return run;
}
