import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { isLockdownError } from '../../../src/errors.ts';
import { DEFAULT_PATHS, DEFAULT_PORTS } from '../../../src/scan/defaults.ts';
import type { TargetItem } from '../../../src/scan/scan-unit.ts';
import {
  type ExpandOptions,
  expandTargets,
  positionalTargets,
  type TargetSourceLine,
} from '../../../src/scan/targets/expand-targets.ts';
import { readLines } from '../../../src/scan/targets/read-lines.ts';

const options: ExpandOptions = { ports: [3000, 8000], paths: ['/mcp', '/sse'], tls: 'auto' };

function numbered(text: string): TargetSourceLine[] {
  return text.split('\n').map((line, i) => ({ text: line, line: i + 1 }));
}

async function collect(items: AsyncIterable<TargetItem>): Promise<TargetItem[]> {
  const out: TargetItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function short(item: TargetItem): string {
  if (item.kind === 'invalid') return `invalid@${item.input.line}`;
  return `${item.scheme} ${item.host} ${item.port} ${item.paths.join(',')}${item.exactPath ? ' exact' : ''}`;
}

describe('expandTargets', () => {
  it('expands every form, skipping comments and blank lines', async () => {
    const items = await collect(
      expandTargets(
        numbered(
          [
            '# my targets',
            '',
            'http://127.0.0.1:9000/custom/mcp?k=v',
            'localhost',
            'example.com:8811',
            '[::1]:3000',
            '10.0.0.0/30',
            'open tcp 6274 10.9.9.9 1700000000',
            '{ "ip": "10.9.9.8", "ports": [ {"port": 6277, "proto": "tcp", "status": "open"} ] },',
          ].join('\n'),
        ),
        options,
      ),
    );
    assert.deepEqual(items.map(short), [
      'http 127.0.0.1 9000 /custom/mcp?k=v exact',
      'auto localhost 3000 /mcp,/sse',
      'auto localhost 8000 /mcp,/sse',
      'auto example.com 8811 /mcp,/sse',
      'auto ::1 3000 /mcp,/sse',
      // CIDR: port by port, every host on the first port first.
      'auto 10.0.0.1 3000 /mcp,/sse',
      'auto 10.0.0.2 3000 /mcp,/sse',
      'auto 10.0.0.1 8000 /mcp,/sse',
      'auto 10.0.0.2 8000 /mcp,/sse',
      'auto 10.9.9.9 6274 /mcp,/sse',
      'auto 10.9.9.8 6277 /mcp,/sse',
    ]);
    const first = items[0];
    assert.deepEqual(first?.input, { text: 'http://127.0.0.1:9000/custom/mcp?k=v', line: 3 });
    assert.deepEqual(items[6]?.input, { text: '10.0.0.0/30', line: 7 });
  });

  it('reports bad lines with their line numbers and goes on', async () => {
    const items = await collect(
      expandTargets(
        numbered(['300.1.1.1', 'host:99999', '10.0.0.0/33', 'http://', '[::1', 'good.example:1'].join('\n')),
        options,
      ),
    );
    assert.deepEqual(items.map(short), [
      'invalid@1',
      'invalid@2',
      'invalid@3',
      'invalid@4',
      'invalid@5',
      'auto good.example 1 /mcp,/sse',
    ]);
    const reasons = items.flatMap((i) => (i.kind === 'invalid' ? [i.reason] : []));
    assert.match(reasons[0] ?? '', /octet "300"/);
    assert.match(reasons[1] ?? '', /port "99999"/);
    assert.match(reasons[2] ?? '', /prefix length "33"/);
    assert.match(reasons[3] ?? '', /not a valid URL/);
    assert.match(reasons[4] ?? '', /no closing "]"/);
    assert.deepEqual(items[0]?.input, { text: '300.1.1.1', line: 1 });
  });

  it('turns a reader error (over-long line) into an invalid target', async () => {
    const items = await collect(
      expandTargets([{ text: 'xxx…', line: 7, error: 'line 7 is longer than 65536 bytes' }], options),
    );
    assert.deepEqual(items, [
      { kind: 'invalid', input: { text: 'xxx…', line: 7 }, reason: 'line 7 is longer than 65536 bytes' },
    ]);
  });

  it('forces the scheme with tls on/off, but a URL keeps its own', async () => {
    const lines = positionalTargets(['https://h.example/mcp', 'h.example:1']);
    assert.deepEqual((await collect(expandTargets(lines, { ...options, tls: 'off' }))).map(short), [
      'https h.example 443 /mcp exact',
      'http h.example 1 /mcp,/sse',
    ]);
    assert.deepEqual((await collect(expandTargets(lines, { ...options, tls: 'on' }))).map(short), [
      'https h.example 443 /mcp exact',
      'https h.example 1 /mcp,/sse',
    ]);
  });

  it('gives positional targets a null line number', async () => {
    const items = await collect(expandTargets(positionalTargets(['bad host']), options));
    assert.deepEqual(items[0]?.input, { text: 'bad host', line: null });
  });

  it('refuses a CIDR over maxCidrHosts as an invalid target, not an exception', async () => {
    const items = await collect(
      expandTargets(positionalTargets(['fd00::/64', '10.0.0.0/23']), { ...options, maxCidrHosts: 256 }),
    );
    assert.equal(items.length, 2);
    assert.match(items[0]?.kind === 'invalid' ? items[0].reason : '', /2\^64 addresses/);
    assert.match(
      items[1]?.kind === 'invalid' ? items[1].reason : '',
      /2\^9 addresses, more than the limit of 256/,
    );
  });

  it('gives every unit its own paths array', async () => {
    const items = await collect(expandTargets(positionalTargets(['a.example']), options));
    assert.ok(items[0]?.kind === 'unit' && items[1]?.kind === 'unit');
    if (items[0]?.kind === 'unit' && items[1]?.kind === 'unit')
      assert.notEqual(items[0].paths, items[1].paths);
  });

  it('accepts async line sources and stays lazy on a /8', async () => {
    async function* lines(): AsyncGenerator<TargetSourceLine> {
      yield { text: '10.0.0.0/8', line: 1 };
    }
    const iterator = expandTargets(lines(), {
      ports: [...DEFAULT_PORTS],
      paths: [...DEFAULT_PATHS],
      tls: 'auto',
    })[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    assert.equal(short(first.value as TargetItem), `auto 10.0.0.1 8000 ${DEFAULT_PATHS.join(',')}`);
    await iterator.return?.();
  });

  it('checks options before reading any line', () => {
    const bad: Array<[Partial<ExpandOptions>, string]> = [
      [{ ports: [] }, 'ports'],
      [{ ports: [0] }, 'ports'],
      [{ ports: [70000] }, 'ports'],
      [{ paths: [] }, 'paths'],
      [{ paths: ['mcp'] }, 'paths'],
      [{ tls: 'maybe' as 'auto' }, 'tls'],
      [{ maxCidrHosts: 0 }, 'maxCidrHosts'],
      [{ maxCidrHosts: 1.5 }, 'maxCidrHosts'],
    ];
    for (const [override, option] of bad) {
      assert.throws(
        () => expandTargets([], { ...options, ...override }),
        (error: unknown) => isLockdownError(error, 'ERR_INVALID_OPTION') && error.details?.option === option,
        JSON.stringify(override),
      );
    }
  });

  it('reads masscan output piped on stdin (masscan ... -oJ - | mcp-lockdown scan -i -)', async () => {
    const output = [
      '[',
      '{   "ip": "127.0.0.1",   "timestamp": "1700000000", "ports": [ {"port": 3000, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }',
      ',',
      '{   "ip": "127.0.0.1",   "timestamp": "1700000001", "ports": [ {"port": 3000, "proto": "tcp", "service": {"name": "http", "banner": "HTTP/1.1 406"} } ] }',
      ',',
      '{   "ip": "127.0.0.2",   "timestamp": "1700000002", "ports": [ {"port": 8000, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }',
      ']',
      '',
    ].join('\r\n');
    const stdin = Readable.from([Buffer.from(output.slice(0, 50)), Buffer.from(output.slice(50))]);
    const items = await collect(expandTargets(readLines('-', stdin), options));
    assert.deepEqual(items.map(short), ['auto 127.0.0.1 3000 /mcp,/sse', 'auto 127.0.0.2 8000 /mcp,/sse']);
    assert.deepEqual(
      items.map((i) => i.input.line),
      [2, 6],
    );
  });
});
