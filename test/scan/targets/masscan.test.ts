import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isMasscanLine, parseMasscanLine } from '../../../src/scan/targets/masscan.ts';

/** Feed a whole masscan output line by line; collect endpoints and problems. */
function readAll(output: string): { endpoints: string[]; invalid: string[] } {
  const endpoints: string[] = [];
  const invalid: string[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    assert.ok(isMasscanLine(line), `not recognised: ${line}`);
    const result = parseMasscanLine(line);
    if (result.kind === 'endpoints') endpoints.push(...result.endpoints.map((e) => `${e.host} ${e.port}`));
    if (result.kind === 'invalid') invalid.push(result.reason);
  }
  return { endpoints, invalid };
}

describe('masscan list output (-oL)', () => {
  it('reads open TCP ports and skips banners, closed ports and other protocols', () => {
    const output = [
      '#masscan',
      'open tcp 3000 127.0.0.1 1700000000',
      'open tcp 8000 10.0.0.7 1700000001',
      'banner tcp 8000 10.0.0.7 1700000002 http HTTP/1.1 200 OK # not a comment',
      'closed tcp 22 10.0.0.7 1700000003',
      'open udp 53 10.0.0.8 1700000004',
      'open tcp 443 2001:db8::1 1700000005',
      '# end',
    ].join('\n');
    assert.deepEqual(readAll(output), {
      endpoints: ['127.0.0.1 3000', '10.0.0.7 8000', '2001:db8::1 443'],
      invalid: [],
    });
  });
});

describe('masscan JSON output (-oJ)', () => {
  it('reads the current format (array, comma before each later record)', () => {
    const output = [
      '[',
      '{   "ip": "127.0.0.1",   "timestamp": "1700000000", "ports": [ {"port": 3000, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }',
      ',',
      '{   "ip": "10.0.0.2",   "timestamp": "1700000001", "ports": [ {"port": 8000, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }',
      ',',
      '{   "ip": "10.0.0.2",   "timestamp": "1700000002", "ports": [ {"port": 8000, "proto": "tcp", "service": {"name": "http", "banner": "HTTP/1.0 200 OK, x: y"} } ] }',
      ']',
    ].join('\n');
    assert.deepEqual(readAll(output), { endpoints: ['127.0.0.1 3000', '10.0.0.2 8000'], invalid: [] });
  });

  it('reads the older format (trailing commas, {finished: 1})', () => {
    const output = [
      '[',
      '{ "ip": "127.0.0.1", "timestamp": "1700000000", "ports": [ {"port": 3000, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] },',
      '{ "ip": "::1", "timestamp": "1700000000", "ports": [ {"port": 8080, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] },',
      '{finished: 1}',
      ']',
    ].join('\n');
    assert.deepEqual(readAll(output), { endpoints: ['127.0.0.1 3000', '::1 8080'], invalid: [] });
  });

  it('reads the oldest format with unquoted keys', () => {
    const line =
      '{   ip: "124.53.139.201",   ports: [ {port: 443, proto: "tcp", status: "open", reason: "syn-ack", ttl: 48} ] },';
    assert.deepEqual(readAll(line), { endpoints: ['124.53.139.201 443'], invalid: [] });
  });

  it('reads a whole array on one line', () => {
    const line =
      '[{"ip":"10.0.0.1","ports":[{"port":80,"proto":"tcp","status":"open"}]},{"ip":"10.0.0.2","ports":[{"port":81,"proto":"tcp","status":"open"}]}]';
    assert.deepEqual(readAll(line), { endpoints: ['10.0.0.1 80', '10.0.0.2 81'], invalid: [] });
  });

  it('reports broken records', () => {
    assert.match(
      readAll('{"ip": "10.0.0.1", "ports": [ {"port": 0, "proto": "tcp", "status": "open"} ] }').invalid[0] ??
        '',
      /port "0"/,
    );
    assert.match(readAll('{"ip": "10.0.0.300", "ports": []}').invalid[0] ?? '', /octet "300"/);
    assert.match(readAll('{"host": "x"}').invalid[0] ?? '', /no "ip" field/);
    assert.match(readAll('{"ip": "10.0.0.1"}').invalid[0] ?? '', /no "ports" array/);
    assert.match(readAll('{"ip": "10.0.0.1", ').invalid[0] ?? '', /not valid JSON/);
  });
});

describe('masscan NDJSON output', () => {
  it('reads status records and skips banners', () => {
    const output = [
      '{"ip":"10.0.0.9","timestamp":"1700000000","port":3001,"proto":"tcp","rec_type":"status","data":{"status":"open","reason":"syn-ack","ttl":64}}',
      '{"ip":"10.0.0.9","timestamp":"1700000001","port":3001,"proto":"tcp","rec_type":"banner","data":{"service_name":"http","banner":"x"}}',
      '{"ip":"10.0.0.9","timestamp":"1700000002","port":53,"proto":"udp","rec_type":"status","data":{"status":"open"}}',
    ].join('\n');
    assert.deepEqual(readAll(output), { endpoints: ['10.0.0.9 3001'], invalid: [] });
  });
});

describe('masscan line parser: properties', () => {
  it('round-trips generated list lines', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), fc.nat(), (ip, port, time) => {
        assert.deepEqual(parseMasscanLine(`open tcp ${port} ${ip} ${time}`), {
          kind: 'endpoints',
          endpoints: [{ host: ip, port }],
        });
      }),
    );
  });

  it('round-trips generated JSON records with or without commas', () => {
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.integer({ min: 1, max: 65535 }),
        fc.constantFrom('', ','),
        fc.constantFrom('', ','),
        (ip, port, lead, trail) => {
          const record = JSON.stringify({
            ip,
            timestamp: '1',
            ports: [{ port, proto: 'tcp', status: 'open' }],
          });
          assert.deepEqual(parseMasscanLine(`${lead}${record}${trail}`), {
            kind: 'endpoints',
            endpoints: [{ host: ip, port }],
          });
        },
      ),
    );
  });

  it('never throws on JSON-looking garbage', () => {
    fc.assert(
      fc.property(fc.json(), fc.string({ maxLength: 20 }), (json, tail) => {
        const line = `{${json}${tail}`;
        if (isMasscanLine(line)) parseMasscanLine(line);
        parseMasscanLine(`{${JSON.stringify({ ip: json, ports: [json] })}`);
      }),
    );
  });
});
