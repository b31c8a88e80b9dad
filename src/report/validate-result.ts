import { SEVERITIES } from '../audit/finding.ts';
import type { ScanResult } from '../scan/scan-run.ts';
import { SCAN_STATUSES } from '../scan/status.ts';

/**
 * Structural checks for results read back from disk, naming the first field at fault. They cover
 * every field a renderer reads, so a hand-edited or truncated file fails here with a clear message
 * rather than deep inside a renderer. The full contract is docs/schema/scan-run.schema.json.
 */

export class ShapeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`field \`${field}\`: ${message}`);
    this.field = field;
  }
}

type Rec = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, field: string): Rec {
  if (!isRecord(value)) throw new ShapeError(field, `expected an object, got ${describe(value)}`);
  return value;
}

export function str(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ShapeError(field, `expected a string, got ${describe(value)}`);
  return value;
}

function strOrNull(value: unknown, field: string): void {
  if (value !== null) str(value, field);
}

export function num(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ShapeError(field, `expected a number, got ${describe(value)}`);
  return value;
}

function numOrNull(value: unknown, field: string): void {
  if (value !== null) num(value, field);
}

function bool(value: unknown, field: string): void {
  if (typeof value !== 'boolean')
    throw new ShapeError(field, `expected true or false, got ${describe(value)}`);
}

export function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(field, `expected an array, got ${describe(value)}`);
  return value;
}

function strings(value: unknown, field: string): void {
  array(value, field).forEach((item, i) => {
    str(item, `${field}[${i}]`);
  });
}

function oneOf(value: unknown, allowed: readonly unknown[], field: string): void {
  if (!allowed.includes(value)) {
    throw new ShapeError(
      field,
      `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`,
    );
  }
}

function recordOrNull(value: unknown, field: string): void {
  if (value !== null) record(value, field);
}

export function validateFinding(value: unknown, field: string): void {
  const f = record(value, field);
  for (const key of ['id', 'checkId', 'title', 'message', 'remediation']) str(f[key], `${field}.${key}`);
  oneOf(f.severity, SEVERITIES, `${field}.severity`);
  strOrNull(f.subject, `${field}.subject`);
  record(f.evidence, `${field}.evidence`);
  strings(f.cwe, `${field}.cwe`);
  strings(f.owaspMcp, `${field}.owaspMcp`);
}

/** Validate the observation part of a line or result (fields every renderer may read). */
export function validateObservation(value: unknown, field: string): Rec {
  const o = record(value, field);
  str(o.target, `${field}.target`);
  const input = record(o.input, `${field}.input`);
  str(input.text, `${field}.input.text`);
  numOrNull(input.line, `${field}.input.line`);
  str(o.host, `${field}.host`);
  numOrNull(o.port, `${field}.port`);
  strOrNull(o.address, `${field}.address`);
  oneOf(o.status, SCAN_STATUSES, `${field}.status`);
  oneOf(o.transport, ['streamable-http', 'sse', null], `${field}.transport`);
  oneOf(o.era, ['2026-07-28', '2025', '2024-11-05', null], `${field}.era`);
  strOrNull(o.protocolVersion, `${field}.protocolVersion`);
  if (o.serverInfo !== null) {
    const info = record(o.serverInfo, `${field}.serverInfo`);
    str(info.name, `${field}.serverInfo.name`);
    strOrNull(info.version ?? null, `${field}.serverInfo.version`);
  }
  recordOrNull(o.capabilities, `${field}.capabilities`);
  strOrNull(o.instructions, `${field}.instructions`);
  bool(o.tls, `${field}.tls`);
  const auth = record(o.auth, `${field}.auth`);
  oneOf(auth.mode, ['none', 'required', 'partial', 'unknown'], `${field}.auth.mode`);
  numOrNull(auth.httpStatus, `${field}.auth.httpStatus`);
  array(o.tools, `${field}.tools`).forEach((item, i) => {
    const tool = record(item, `${field}.tools[${i}]`);
    str(tool.name, `${field}.tools[${i}].name`);
    strOrNull(tool.description ?? null, `${field}.tools[${i}].description`);
    recordOrNull(tool.annotations ?? null, `${field}.tools[${i}].annotations`);
  });
  bool(o.toolsTruncated, `${field}.toolsTruncated`);
  array(o.resources, `${field}.resources`);
  array(o.prompts, `${field}.prompts`);
  if (o.originProbe !== null) {
    const probe = record(o.originProbe, `${field}.originProbe`);
    bool(probe.accepted, `${field}.originProbe.accepted`);
    numOrNull(probe.status, `${field}.originProbe.status`);
  }
  if (o.exposedOn !== null) strings(o.exposedOn, `${field}.exposedOn`);
  strings(o.evidence, `${field}.evidence`);
  const timings = record(o.timings, `${field}.timings`);
  num(timings.totalMs, `${field}.timings.totalMs`);
  if (o.error !== null) {
    const error = record(o.error, `${field}.error`);
    str(error.code, `${field}.error.code`);
    str(error.message, `${field}.error.message`);
  }
  str(o.scannedAt, `${field}.scannedAt`);
  return o;
}

/** Validate a full result (observation + judgement) and return it typed. */
export function validateResult(value: unknown, field: string): ScanResult {
  const o = validateObservation(value, field);
  array(o.findings, `${field}.findings`).forEach((f, i) => {
    validateFinding(f, `${field}.findings[${i}]`);
  });
  array(o.suppressed, `${field}.suppressed`).forEach((s, i) => {
    const entry = record(s, `${field}.suppressed[${i}]`);
    validateFinding(entry.finding, `${field}.suppressed[${i}].finding`);
    str(entry.reason, `${field}.suppressed[${i}].reason`);
  });
  const risk = record(o.risk, `${field}.risk`);
  oneOf(risk.level, ['none', ...SEVERITIES], `${field}.risk.level`);
  num(risk.score, `${field}.risk.score`);
  return o as unknown as ScanResult;
}
