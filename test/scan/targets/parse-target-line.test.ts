import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_LINE_LENGTH,
  parseTargetLine,
  type TargetLine,
} from '../../../src/scan/targets/parse-target-line.ts';

function reasonOf(result: TargetLine): string {
  assert.equal(result.kind, 'invalid', `expected invalid, got ${JSON.stringify(result, bigints)}`);
  return result.kind === 'invalid' ? result.reason : '';
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

describe('parseTargetLine: accepted forms', () => {
  it('skips blank lines and # comments', () => {
    for (const line of ['', '   ', '\t', '# a comment', '   # indented comment', '#masscan', '# end']) {
      assert.deepEqual(parseTargetLine(line), { kind: 'skip' }, line);
    }
  });

  it('reads host names, lowercased, with and without a port', () => {
    assert.deepEqual(parseTargetLine('Example.COM'), {
      kind: 'host',
      family: 'name',
      host: 'example.com',
      port: null,
    });
    assert.deepEqual(parseTargetLine('localhost:3000'), {
      kind: 'host',
      family: 'name',
      host: 'localhost',
      port: 3000,
    });
    assert.deepEqual(parseTargetLine('mcp.internal.'), {
      kind: 'host',
      family: 'name',
      host: 'mcp.internal',
      port: null,
    });
    assert.deepEqual(parseTargetLine('bücher.example'), {
      kind: 'host',
      family: 'name',
      host: 'xn--bcher-kva.example',
      port: null,
    });
  });

  it('reads IPv4 with and without a port', () => {
    assert.deepEqual(parseTargetLine('127.0.0.1'), {
      kind: 'host',
      family: 'ipv4',
      host: '127.0.0.1',
      port: null,
    });
    assert.deepEqual(parseTargetLine('  10.1.2.3:8000  '), {
      kind: 'host',
      family: 'ipv4',
      host: '10.1.2.3',
      port: 8000,
    });
  });

  it('reads IPv6 bare (no port) and bracketed (with or without port), in canonical form', () => {
    assert.deepEqual(parseTargetLine('::1'), { kind: 'host', family: 'ipv6', host: '::1', port: null });
    assert.deepEqual(parseTargetLine('[::1]:3000'), {
      kind: 'host',
      family: 'ipv6',
      host: '::1',
      port: 3000,
    });
    assert.deepEqual(parseTargetLine('[2001:DB8:0:0:0:0:0:1]'), {
      kind: 'host',
      family: 'ipv6',
      host: '2001:db8::1',
      port: null,
    });
    // A bare address that ends in a number is still one address: no port can be read from it.
    assert.deepEqual(parseTargetLine('::1:3000'), {
      kind: 'host',
      family: 'ipv6',
      host: '::1:3000',
      port: null,
    });
    assert.deepEqual(parseTargetLine('::ffff:10.0.0.1'), {
      kind: 'host',
      family: 'ipv6',
      host: '::ffff:a00:1',
      port: null,
    });
  });

  it('reads full URLs, keeping path and query, defaulting the port by scheme', () => {
    assert.deepEqual(parseTargetLine('http://Example.com:8080/mcp?token=x#frag'), {
      kind: 'url',
      scheme: 'http',
      host: 'example.com',
      port: 8080,
      path: '/mcp?token=x',
    });
    assert.deepEqual(parseTargetLine('https://example.com'), {
      kind: 'url',
      scheme: 'https',
      host: 'example.com',
      port: 443,
      path: '/',
    });
    assert.deepEqual(parseTargetLine('HTTP://127.0.0.1/sse'), {
      kind: 'url',
      scheme: 'http',
      host: '127.0.0.1',
      port: 80,
      path: '/sse',
    });
    assert.deepEqual(parseTargetLine('http://[::1]:3000/mcp'), {
      kind: 'url',
      scheme: 'http',
      host: '::1',
      port: 3000,
      path: '/mcp',
    });
  });

  it('reads CIDR v4 and v6, masking host bits', () => {
    assert.deepEqual(parseTargetLine('10.0.0.0/30'), {
      kind: 'cidr',
      cidr: { family: 4, network: 0x0a000000n, prefix: 30 },
    });
    assert.deepEqual(parseTargetLine('10.0.0.5/30'), {
      kind: 'cidr',
      cidr: { family: 4, network: 0x0a000004n, prefix: 30 },
    });
    assert.deepEqual(parseTargetLine('fd00::/126'), {
      kind: 'cidr',
      cidr: { family: 6, network: 0xfdn << 120n, prefix: 126 },
    });
    assert.deepEqual(parseTargetLine('[fd00::]/127'), {
      kind: 'cidr',
      cidr: { family: 6, network: 0xfdn << 120n, prefix: 127 },
    });
  });

  it('drops a trailing comment after whitespace', () => {
    assert.deepEqual(parseTargetLine('localhost:3000   # the dev box'), {
      kind: 'host',
      family: 'name',
      host: 'localhost',
      port: 3000,
    });
  });

  it('reads masscan lines', () => {
    assert.deepEqual(parseTargetLine('open tcp 3000 127.0.0.1 1700000000'), {
      kind: 'endpoints',
      endpoints: [{ host: '127.0.0.1', port: 3000 }],
    });
  });
});

describe('parseTargetLine: bad lines name the problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['300.1.1.1', /octet "300".*out of range 0-255/],
    ['1.2.3', /four dot-separated octets/],
    ['010.0.0.1', /leading zero/],
    ['host:99999', /port "99999" is out of range 1-65535/],
    ['host:0', /port "0" is out of range/],
    ['host:', /port is empty/],
    ['host:http', /port "http" is not a decimal number/],
    ['10.0.0.0/33', /prefix length "33"; IPv4 allows 0-32/],
    ['fd00::/129', /prefix length "129"; IPv6 allows 0-128/],
    ['10.0.0.0/', /prefix length ""/],
    ['http://', /not a valid URL/],
    ['http://:80/', /not a valid URL/],
    ['http://host:99999/', /not a valid URL/],
    ['ftp://example.com/', /scheme "ftp"; only http and https/],
    ['http://user:pw@example.com/', /credentials/],
    ['http://bad_host/', /RFC 1123/],
    ['[::1', /no closing "]"/],
    ['[::1]3000', /expected ":port"/],
    ['[::1]:99999', /out of range/],
    ['[not-ipv6]:80', /IPv6 address "not-ipv6"/],
    ['1::2::3', /"::" more than once/],
    ['1:2:3:4:5:6:7:8:9', /eight groups/],
    ['fe80::1%eth0', /zone identifier/],
    ['12345::1', /longer than 4 hex digits/],
    ['under_score', /RFC 1123/],
    ['-leading.example', /RFC 1123/],
    ['a..b', /empty label/],
    [`${'a'.repeat(64)}.example`, /longer than 63/],
    [`${'abcdefghi.'.repeat(26)}com`, /longer than 253/],
    ['localhost:3000/mcp', /path but no scheme/],
    ['example.com/24', /path but no scheme.*CIDR without an IP address/],
    ['two words', /contains whitespace/],
    ['{"ip": 1', /masscan JSON line .* is not valid JSON/],
    ['open tcp 70000 1.2.3.4 1700000000', /masscan list line: port "70000"/],
    ['open tcp 80 999.1.1.1 1700000000', /masscan list line: IPv4 octet "999"/],
    ['open tcp 80', /masscan list line: the IP address is missing/],
  ];
  for (const [line, pattern] of cases) {
    it(`rejects ${JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}...` : line)}`, () => {
      assert.match(reasonOf(parseTargetLine(line)), pattern);
    });
  }

  it('refuses a line longer than the cap without parsing it', () => {
    assert.match(reasonOf(parseTargetLine('a'.repeat(MAX_LINE_LENGTH + 1))), /longer than 65536 characters/);
  });

  it('quotes control characters in reasons instead of echoing them raw', () => {
    const reason = reasonOf(parseTargetLine('evil\u001b[31mhost:1'));
    assert.ok(!reason.includes('\u001b'), reason);
    assert.match(reason, /\\u001b/);
  });
});
