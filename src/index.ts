// Public API of mcp-lockdown: explicit named exports only.

export { type AuditResult, auditObservation } from './audit/audit-observation.ts';
export { type BaselineIndex, contextFor, indexBaseline } from './audit/baseline.ts';
export {
  CAPABILITY_CATALOG,
  CAPABILITY_CATEGORIES,
  type CapabilityCategory,
} from './audit/capability-catalog.ts';
export { ALL_CHECKS, findCheck } from './audit/checks/index.ts';
export { classifyTool, type ToolClassification } from './audit/classify-tool.ts';
export type { Check, CheckContext, Finding, Severity } from './audit/finding.ts';
export { SEVERITIES } from './audit/finding.ts';
export {
  applySuppressions,
  expiredRules,
  parseIgnoreFile,
  type SuppressionRule,
} from './audit/ignore-file.ts';
export { type JudgeOptions, judgeObservation } from './audit/judge-observation.ts';
export { PROTOCOL_REVISIONS } from './audit/protocol-versions.ts';
export { assessRisk } from './audit/risk.ts';
export { atOrAbove, severityRank } from './audit/severity.ts';
export { canonicalJson, toolIdentity } from './audit/tool-identity.ts';
export { ERROR_CODES, type ErrorCode, isLockdownError, LockdownError } from './errors.ts';
export { type Authenticator, type AuthOutcome, createAuthenticator } from './guard/auth/authenticate.ts';
export type { Principal } from './guard/auth/principal.ts';
export type { GuardConfig, GuardConfigInput } from './guard/config/guard-config-schema.ts';
export { loadGuardConfig } from './guard/config/load-guard-config.ts';
export { createGuard, GUARD_VERSION, type Guard, type GuardDeps } from './guard/create-guard.ts';
export { type GuardedLabServer, startGuardedLabServer } from './guard/guarded-lab-server.ts';
export { buildProtectedResourceMetadata } from './guard/protected-resource-metadata.ts';
export type { Lab, LabExpectation, LabServerInfo } from './lab/lab-types.ts';
export { LAB_SERVERS, type StartLabOptions, startLab } from './lab/start-lab.ts';
export { compilePolicy } from './policy/compile-policy.ts';
export { type Decision, decide, filterListed, type PolicyRequest } from './policy/decide.ts';
export { diffRuns } from './report/diff-runs.ts';
export { escapeHtml } from './report/html-escape.ts';
export { createJsonlWriter, formatJsonlLine } from './report/jsonl-writer.ts';
export { loadRun, parseRunText } from './report/load-run.ts';
export { renderCsv } from './report/render-csv.ts';
export { renderDiffJson, renderDiffText } from './report/render-diff.ts';
export { renderHtml } from './report/render-html.ts';
export { renderJson } from './report/render-json.ts';
export { renderMarkdown } from './report/render-markdown.ts';
export { buildSarif, renderSarif } from './report/render-sarif.ts';
export { renderText } from './report/render-text.ts';
export { sanitizeTerminal } from './report/sanitize-terminal.ts';
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
