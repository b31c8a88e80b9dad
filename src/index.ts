// Public API of mcp-lockdown: explicit named exports only.

export type { Check, CheckContext, Finding, Severity } from './audit/finding.ts';
export { SEVERITIES } from './audit/finding.ts';
export { ERROR_CODES, type ErrorCode, isLockdownError, LockdownError } from './errors.ts';
export type { Lab, LabExpectation, LabServerInfo } from './lab/lab-types.ts';
export { LAB_SERVERS, type StartLabOptions, startLab } from './lab/start-lab.ts';
export { DEFAULT_PATHS, DEFAULT_PORTS } from './scan/defaults.ts';
export type {
  AuthChallenge,
  AuthMode,
  AuthObservation,
  Era,
  MetadataFetch,
  Observation,
  OriginProbe,
  PromptInfo,
  ResourceInfo,
  ServerInfo,
  ToolInfo,
  Transport,
} from './scan/observation.ts';
export { type ScanTargets, scan } from './scan/scan.ts';
export type { ScanOptions } from './scan/scan-options.ts';
export type { RiskAssessment, ScanResult, ScanRun, ScanSummary } from './scan/scan-run.ts';
export type { InvalidTarget, ScanUnit, TargetItem } from './scan/scan-unit.ts';
export { MCP_STATUSES, SCAN_STATUSES, type ScanStatus, STATUS_DESCRIPTIONS } from './scan/status.ts';
export { createSummaryTally, summarizeResults } from './scan/summarize.ts';
export { type ExpandOptions, expandTargets, positionalTargets } from './scan/targets/expand-targets.ts';
export { readLines } from './scan/targets/read-lines.ts';
export { VERSION } from './version.ts';
