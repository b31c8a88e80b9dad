import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatIPv6, parseIPv4, parseIPv6 } from '../../../src/scan/targets/ip-address.ts';
import { parseTargetLine } from '../../../src/scan/targets/parse-target-line.ts';

/** The address as the WHATWG URL parser prints it: our canonical form must agree. */
function whatwgIPv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

const label = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const port = fc.integer({ min: 1, max: 65535 });
const targetAlphabet = fc.constantFrom(
  ...'0123456789abcdefABCDEF:.[]/%#-_ \t,{}"'.split(''),
  'http://',
  'open tcp ',
);

describe('parseTargetLine: never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        parseTargetLine(line);
      }),
      { numRuns: 3000 },
    );
  });

  it('on arbitrary unicode, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (line) => {
        parseTargetLine(line);
      }),
      { numRuns: 3000 },
    );
  });

  it('on strings built from target syntax characters', () => {
    fc.assert(
      fc.property(fc.array(targetAlphabet, { maxLength: 40 }), (pieces) => {
        const result = parseTargetLine(pieces.join(''));
        assert.ok(['skip', 'url', 'host', 'cidr', 'endpoints', 'invalid'].includes(result.kind));
        if (result.kind === 'invalid') assert.ok(result.reason.length > 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseTargetLine: valid lines round-trip', () => {
  it('IPv4 with and without port', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.option(port, { nil: null }), (ip, p) => {
        const line = p === null ? ip : `${ip}:${p}`;
        assert.deepEqual(parseTargetLine(line), { kind: 'host', family: 'ipv4', host: ip, port: p });
      }),
    );
  });

  it('IPv6 bare and bracketed with port, canonicalised like the URL parser', () => {
    fc.assert(
      fc.property(fc.ipV6(), port, (ip, p) => {
        const host = whatwgIPv6(ip);
        assert.deepEqual(parseTargetLine(ip), { kind: 'host', family: 'ipv6', host, port: null });
        assert.deepEqual(parseTargetLine(`[${ip}]:${p}`), { kind: 'host', family: 'ipv6', host, port: p });
      }),
    );
  });

  it('host names with and without port', () => {
    fc.assert(
      fc.property(hostname, fc.option(port, { nil: null }), (name, p) => {
        const line = p === null ? name.toUpperCase() : `${name}:${p}`;
        assert.deepEqual(parseTargetLine(line), { kind: 'host', family: 'name', host: name, port: p });
      }),
    );
  });

  it('URLs keep scheme, host, port, path and query', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        fc.oneof(
          hostname,
          fc.ipV4(),
          fc.ipV6().map((ip) => `[${ip}]`),
        ),
        fc.option(port, { nil: null }),
        fc.array(segment, { maxLength: 4 }),
        fc.option(segment, { nil: null }),
        (scheme, host, p, segments, query) => {
          const path = `/${segments.join('/')}`;
          const search = query === null ? '' : `?q=${query}`;
          const line = `${scheme}://${host}${p === null ? '' : `:${p}`}${path}${search}`;
          const url = new URL(line);
          const expectedHost = host.startsWith('[') ? whatwgIPv6(host.slice(1, -1)) : host;
          assert.deepEqual(parseTargetLine(line), {
            kind: 'url',
            scheme,
            host: expectedHost,
            port: p ?? (scheme === 'https' ? 443 : 80),
            path: `${url.pathname}${url.search}`,
          });
        },
      ),
    );
  });

  it('CIDR v4 and v6 keep the network and prefix', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const result = parseTargetLine(`${ip}/${prefix}`);
        assert.equal(result.kind, 'cidr');
        if (result.kind !== 'cidr') return;
        const parsed = parseIPv4(ip);
        assert.ok(parsed.ok);
        const shift = BigInt(32 - prefix);
        assert.equal(result.cidr.network, (BigInt(parsed.value) >> shift) << shift);
        assert.equal(result.cidr.prefix, prefix);
        assert.equal(result.cidr.family, 4);
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (ip, prefix) => {
        const result = parseTargetLine(`${ip}/${prefix}`);
        assert.equal(result.kind, 'cidr');
        if (result.kind !== 'cidr') return;
        assert.equal(result.cidr.prefix, prefix);
        assert.equal(result.cidr.family, 6);
        assert.equal(result.cidr.network % (1n << BigInt(128 - prefix)), 0n);
      }),
    );
  });
});

describe('IPv6 parser agrees with node:net and the URL parser', () => {
  const v6Chars = fc.constantFrom(...'0123456789abcdefABCDEF:.'.split(''), '::', 'ffff', '1.2.3.4');
  it('accepts exactly what node:net accepts, on strings made of IPv6 characters', () => {
    fc.assert(
      fc.property(fc.array(v6Chars, { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        assert.equal(parseIPv6(text).ok, isIPv6(text), text);
      }),
      { numRuns: 5000 },
    );
  });

  it('formats every generated address the way the URL parser does', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const parsed = parseIPv6(ip);
        assert.ok(parsed.ok, ip);
        if (parsed.ok) assert.equal(formatIPv6(parsed.value), whatwgIPv6(ip));
      }),
    );
  });

  it('formats arbitrary 128-bit values, with runs of zero groups, the way the URL parser does', () => {
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        const text = formatIPv6(value);
        assert.equal(text, whatwgIPv6(text));
        const back = parseIPv6(text);
        assert.ok(back.ok && back.value === value, text);
      }),
    );
  });
});
