import { LockdownError } from '../../errors.ts';
import type { InvalidTarget, ScanUnit, TargetItem } from '../scan-unit.ts';
import { cidrHosts, cidrLimitReason, DEFAULT_MAX_CIDR_HOSTS } from './cidr.ts';
import { pathProblem } from './parse-paths.ts';
import { parseTargetLine } from './parse-target-line.ts';

/** A line to expand: from a file (1-based line number) or the command line (null). */
export interface TargetSourceLine {
  text: string;
  line: number | null;
  /** Set by readLines when the line could not be taken as text (too long). */
  error?: string;
}

export interface ExpandOptions {
  /** Ports for targets that name none (host, IP, CIDR). */
  ports: readonly number[];
  /** Candidate paths, in probe order, for every target except a full URL. */
  paths: readonly string[];
  /** `on` forces https, `off` forces http, `auto` leaves the choice to the prober. A URL's scheme wins. */
  tls: 'auto' | 'on' | 'off';
  /** Refuse CIDR blocks with more addresses than this (default 2^32: IPv6 up to /96). */
  maxCidrHosts?: number;
}

/** Longest input text kept on an invalid result, so one huge bad line cannot bloat the report. */
const MAX_REPORTED_TEXT = 1024;

/**
 * Expand target lines into scan units, lazily: memory is O(1) in the input, and a CIDR is walked
 * address by address. Blank lines and `#` comments are skipped; a bad line becomes an InvalidTarget
 * naming the problem and the expansion goes on. A CIDR is expanded port by port (every host on the
 * first port, then the next port), which spreads connections across hosts instead of hitting one
 * host with every port in a row. Options are checked at once: a bad option throws
 * LockdownError ERR_INVALID_OPTION before any line is read.
 */
export function expandTargets(
  lines: AsyncIterable<TargetSourceLine> | Iterable<TargetSourceLine>,
  options: ExpandOptions,
): AsyncIterable<TargetItem> {
  const checked = checkOptions(options);
  return expand(lines, checked);
}

interface CheckedOptions {
  ports: number[];
  paths: string[];
  scheme: ScanUnit['scheme'];
  maxCidrHosts: number;
}

async function* expand(
  lines: AsyncIterable<TargetSourceLine> | Iterable<TargetSourceLine>,
  options: CheckedOptions,
): AsyncGenerator<TargetItem, void, undefined> {
  // A sync source is read without an extra await per line: that halves the promise work.
  if (Symbol.iterator in lines) {
    for (const source of lines) for (const item of expandLine(source, options)) yield item;
  } else {
    for await (const source of lines) for (const item of expandLine(source, options)) yield item;
  }
}

/** The items of one line, lazily (a CIDR is walked as the consumer pulls). */
function* expandLine(
  source: TargetSourceLine,
  options: CheckedOptions,
): Generator<TargetItem, void, undefined> {
  const input = { text: source.text.trim(), line: source.line };
  if (source.error !== undefined) {
    yield invalid(input, source.error);
    return;
  }
  const parsed = parseTargetLine(source.text);
  switch (parsed.kind) {
    case 'skip':
      break;
    case 'invalid':
      yield invalid(input, parsed.reason);
      break;
    case 'url':
      yield {
        kind: 'unit',
        host: parsed.host,
        port: parsed.port,
        scheme: parsed.scheme,
        paths: [parsed.path],
        exactPath: true,
        input,
      };
      break;
    case 'host':
      if (parsed.port !== null) {
        yield unit(parsed.host, parsed.port, options, input);
      } else {
        for (const port of options.ports) yield unit(parsed.host, port, options, input);
      }
      break;
    case 'endpoints':
      for (const endpoint of parsed.endpoints) yield unit(endpoint.host, endpoint.port, options, input);
      break;
    case 'cidr': {
      const tooBig = cidrLimitReason(parsed.cidr, options.maxCidrHosts);
      if (tooBig !== null) {
        yield invalid(input, tooBig);
        break;
      }
      for (const port of options.ports) {
        for (const host of cidrHosts(parsed.cidr)) yield unit(host, port, options, input);
      }
      break;
    }
  }
}

function unit(host: string, port: number, options: CheckedOptions, input: ScanUnit['input']): ScanUnit {
  // A fresh array per unit: consumers may reorder or trim their copy without touching the others.
  return {
    kind: 'unit',
    host,
    port,
    scheme: options.scheme,
    paths: options.paths.slice(),
    exactPath: false,
    input,
  };
}

function invalid(input: InvalidTarget['input'], reason: string): InvalidTarget {
  const text =
    input.text.length > MAX_REPORTED_TEXT ? `${input.text.slice(0, MAX_REPORTED_TEXT)}…` : input.text;
  return { kind: 'invalid', input: { text, line: input.line }, reason };
}

function checkOptions(options: ExpandOptions): CheckedOptions {
  const fail = (option: string, message: string): never => {
    throw new LockdownError('ERR_INVALID_OPTION', message, { option });
  };
  if (!Array.isArray(options.ports) || options.ports.length === 0)
    fail('ports', 'ports must be a non-empty list');
  for (const port of options.ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail('ports', `port ${String(port)} is not 1-65535`);
  }
  if (!Array.isArray(options.paths) || options.paths.length === 0)
    fail('paths', 'paths must be a non-empty list');
  for (const path of options.paths) {
    const problem = typeof path === 'string' ? pathProblem(path) : 'a path is not a string';
    if (problem !== null) fail('paths', problem);
  }
  const schemes = { auto: 'auto', on: 'https', off: 'http' } as const;
  if (!Object.hasOwn(schemes, options.tls))
    fail('tls', `tls must be "auto", "on" or "off", not ${String(options.tls)}`);
  const maxCidrHosts = options.maxCidrHosts ?? DEFAULT_MAX_CIDR_HOSTS;
  if (
    !(maxCidrHosts === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxCidrHosts) && maxCidrHosts >= 1))
  ) {
    fail('maxCidrHosts', `maxCidrHosts must be a positive integer or Infinity, not ${String(maxCidrHosts)}`);
  }
  return { ports: [...options.ports], paths: [...options.paths], scheme: schemes[options.tls], maxCidrHosts };
}

/** Command-line positional targets as the same line stream (no line numbers). */
export function positionalTargets(args: readonly string[]): TargetSourceLine[] {
  return args.map((text) => ({ text, line: null }));
}
