import assert from 'node:assert/strict';
import type { Server as HttpServer } from 'node:http';
import { after, before, test } from 'node:test';
import { REPORT_FORMATS, renderReport } from '../../src/cli/report-command.ts';
import { formatJsonlLine } from '../../src/report/jsonl-writer.ts';
import { parseRunText } from '../../src/report/load-run.ts';
import { renderJson } from '../../src/report/render-json.ts';
import { renderSarif } from '../../src/report/render-sarif.ts';
import type { ScanRun } from '../../src/scan/scan-run.ts';
import { summarizeResults } from '../../src/scan/summarize.ts';
import { scanHostileServer, startHostileServer } from './hostile-mcp-server.ts';
import { XSS_PAYLOADS } from './report-fixtures.ts';
import { runValidator, sarifValidator } from './schema-validators.ts';

// The reports' real input: what the scanner says about a live (hostile) MCP server on loopback.

let server: { http: HttpServer; url: string };
let run: ScanRun;

before(async () => {
  server = await startHostileServer();
  const results = await scanHostileServer(server.url);
  run = {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: '0.1.0' },
    startedAt: results[0]?.scannedAt ?? new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    options: { targets: [server.url] },
    results,
    summary: summarizeResults(results, 10),
  };
});

after(async () => {
  server.http.closeAllConnections();
  await new Promise((resolve) => server.http.close(resolve));
});

test('real scanner output validates against the run schema and renders as valid SARIF', () => {
  assert.equal(run.results[0]?.status, 'mcp-open');
  const v = runValidator();
  assert.ok(v.run(JSON.parse(renderJson(run))), JSON.stringify(v.run.errors?.slice(0, 3)));
  for (const r of run.results)
    assert.ok(v.result(JSON.parse(formatJsonlLine(r))), JSON.stringify(v.result.errors));
  const sarif = sarifValidator();
  assert.ok(sarif(JSON.parse(renderSarif(run))), JSON.stringify(sarif.errors?.slice(0, 3)));
});

test('real scanner output survives a JSONL round trip and renders in every format', () => {
  const jsonl = run.results.map(formatJsonlLine).join('');
  assert.deepEqual(parseRunText('scan.jsonl', jsonl).results, JSON.parse(JSON.stringify(run.results)));
  for (const format of REPORT_FORMATS) {
    const out = renderReport(run, format, { color: format === 'text' });
    assert.ok(out.length > 0, format);
    if (format === 'html' || format === 'md') {
      for (const payload of XSS_PAYLOADS.slice(0, 4))
        assert.equal(out.includes(payload), false, `${format}: ${payload}`);
    }
    if (format === 'text')
      assert.doesNotMatch(out.replace(/\u001b\[\d+m/g, ''), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  }
});
