import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CSV_COLUMNS, csvField, neutraliseFormula, renderCsv } from '../../src/report/render-csv.ts';
import { hostileRun, loadFixture } from './report-fixtures.ts';

/** A tiny RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else field += c;
    i += 1;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) throw new Error('last record lacks CRLF');
  return rows;
}

test('csvField: any cells parse back to their (formula-neutralised) values', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 6 }), {
        maxLength: 8,
      }),
      (table) => {
        const text = table.map((cells) => `${cells.map(csvField).join(',')}\r\n`).join('');
        assert.deepEqual(
          parseCsv(text),
          table.map((cells) => cells.map(neutraliseFormula)),
        );
      },
    ),
    { numRuns: 1000 },
  );
});

test('neutraliseFormula: cells that a spreadsheet would evaluate get a leading apostrophe', () => {
  for (const cell of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
    assert.equal(neutraliseFormula(cell), `'${cell}`);
  }
  for (const cell of ['plain', '1.5', 'a=b', '']) assert.equal(neutraliseFormula(cell), cell);
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), (s) => {
      assert.doesNotMatch(neutraliseFormula(s), /^[=+\-@\t\r]/);
    }),
  );
});

test('renderCsv: one row per finding and per endpoint without findings, header first', () => {
  const run = loadFixture('sample-run.json');
  const rows = parseCsv(renderCsv(run));
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  const findings = run.results.reduce((n, r) => n + r.findings.length + r.suppressed.length, 0);
  const bare = run.results.filter((r) => r.findings.length + r.suppressed.length === 0).length;
  assert.equal(rows.length - 1, findings + bare);
  for (const row of rows) assert.equal(row.length, CSV_COLUMNS.length);
  // Riskiest first: the shell server (score 98) leads.
  assert.equal(rows[1]?.[0], 'http://10.20.0.22:3000/mcp');
  const suppressed = rows.find((r) => r[16] !== '' && r !== rows[0]);
  assert.match(suppressed?.[16] ?? '', /SEC-1432/);
  const closed = rows.find((r) => r[1] === 'closed');
  assert.equal(closed?.[7], '');
});

test('renderCsv: hostile server strings stay inside their cells', () => {
  const run = hostileRun();
  const first = run.results.find((r) => r.findings.length > 0);
  if (first?.findings[0]) first.findings[0].message = '=cmd|"/c calc"!A1,\r\n"x"';
  const rows = parseCsv(renderCsv(run));
  for (const row of rows) assert.equal(row.length, CSV_COLUMNS.length);
  assert.ok(rows.some((r) => r[12] === '\'=cmd|"/c calc"!A1,\r\n"x"'));
});
