import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pino } from 'pino';
import {
  type AuditRecord,
  auditLine,
  auditPinoOptions,
  createAuditLog,
  isoTimestamp,
} from '../../src/guard/audit-log.ts';

/** The line pino itself writes for `record` at time `now`. */
function pinoLine(record: object, now: number): string {
  let line = '';
  const logger = pino(
    auditPinoOptions([], () => `,"time":"${new Date(now).toISOString()}"`),
    { write: (s: string) => (line = s) },
  );
  logger.info(record);
  return line;
}

function recordArbitrary(text: fc.Arbitrary<string>): fc.Arbitrary<AuditRecord> {
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  return fc.record(
    {
      reqId: text,
      principal: maybe(text),
      principalKind: maybe(text),
      client: maybe(text),
      era: fc.constantFrom('modern', 'session', 'none'),
      httpMethod: text,
      method: maybe(text),
      name: maybe(text),
      decision: fc.constantFrom('allow', 'deny', 'error'),
      rule: maybe(text),
      reason: maybe(text),
      status: fc.integer({ min: 100, max: 599 }),
      upstreamMs: maybe(number),
      totalMs: number,
      bytesIn: fc.nat(),
      bytesOut: fc.nat(),
      sessionId: maybe(text),
      batch: fc.array(
        fc.record({ method: maybe(text), name: maybe(text), decision: text, rule: maybe(text) }),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: ['reqId', 'era', 'httpMethod', 'decision', 'status', 'totalMs', 'bytesIn', 'bytesOut'] },
  ) as fc.Arbitrary<AuditRecord>;
}

const now = Date.UTC(2026, 10, 24, 12, 0, 0, 123);

describe('audit line', () => {
  it('is byte for byte the line pino writes, for any record with well-formed text (property)', () => {
    fc.assert(
      fc.property(recordArbitrary(fc.string({ unit: 'binary', maxLength: 60 })), (record) => {
        assert.equal(auditLine(record, now), pinoLine(record, now));
      }),
      { numRuns: 500 },
    );
  });

  it('decodes to the same values as pino even with lone surrogates and control characters (property)', () => {
    const anyUnit = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 60,
    });
    fc.assert(
      fc.property(recordArbitrary(anyUnit), (record) => {
        const ours = auditLine(record, now);
        assert.ok(ours.endsWith('\n') && !ours.slice(0, -1).includes('\n'), 'exactly one line');
        assert.deepEqual(JSON.parse(ours), JSON.parse(pinoLine(record, now)));
      }),
      { numRuns: 500 },
    );
  });

  it('formats the time exactly as Date#toISOString, in any order of calls (property)', () => {
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: now - 3000, max: now + 3000 }),
      fc.constantFrom(0, 999, 1000, 253_402_300_800_000, -1, 1.5),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const t of instants) assert.equal(isoTimestamp(t), new Date(t).toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it('puts log and time first', () => {
    const line = JSON.parse(auditLine({ reqId: 'r-1' } as AuditRecord, now));
    assert.deepEqual(Object.keys(line).slice(0, 3), ['log', 'time', 'reqId']);
    assert.equal(line.log, 'mcp-lockdown-audit');
    assert.equal(line.time, '2026-11-24T12:00:00.123Z');
  });
});

describe('audit log', () => {
  const base: AuditRecord = {
    reqId: 'r-1',
    principal: 'key:ops',
    principalKind: 'api-key',
    client: null,
    era: 'session',
    httpMethod: 'POST',
    method: 'tools/call',
    name: 'query',
    decision: 'allow',
    rule: null,
    reason: null,
    status: 200,
    upstreamMs: 1.5,
    totalMs: 2,
    bytesIn: 10,
    bytesOut: 20,
    sessionId: null,
  };
  const capture = () => {
    const lines: string[] = [];
    return { lines, stream: { write: (s: string) => lines.push(s) } };
  };

  it('leaves tool arguments out unless asked to log them', () => {
    const { lines, stream } = capture();
    const log = createAuditLog({}, stream);
    log.write({ ...base, arguments: { password: 'hunter2' } });
    log.write(base);
    const [withArgs, without] = lines.map((l) => JSON.parse(l));
    assert.equal('arguments' in withArgs, false);
    assert.equal(withArgs.name, 'query');
    assert.equal('arguments' in without, false);
  });

  it('logs arguments when asked, with the configured paths redacted', () => {
    const { lines, stream } = capture();
    const log = createAuditLog({ logArguments: true, redact: ['password', '*.token'] }, stream);
    log.write({ ...base, arguments: { password: 'hunter2', sql: 'select 1', nested: { token: 't0p' } } });
    const line = JSON.parse(lines[0] as string);
    assert.deepEqual(line.arguments, {
      password: '[REDACTED]',
      sql: 'select 1',
      nested: { token: '[REDACTED]' },
    });
    assert.equal(line.log, 'mcp-lockdown-audit');
    assert.equal(lines.join('').includes('hunter2'), false);
  });

  it('writes nothing after close', async () => {
    const { lines, stream } = capture();
    const log = createAuditLog({}, stream);
    await log.close();
    log.write(base);
    assert.equal(lines.length, 0);
  });
});
