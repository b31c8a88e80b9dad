import { judgeObservation } from '../audit/judge-observation.ts';
import { startGuardInFront } from '../lab/guarded-server.ts';
import { sanitizeTerminal } from '../report/sanitize-terminal.ts';
import { scan } from '../scan/scan.ts';
import type { ScanResult } from '../scan/scan-run.ts';

export interface LoopOutcome {
  exposed: ScanResult;
  guarded: ScanResult;
  /** The same guarded endpoint scanned with the API key: the tools are still there for those allowed. */
  withKey: ScanResult;
}

async function scanOne(url: string, headers: Record<string, string> = {}): Promise<ScanResult> {
  for await (const observation of scan([url], { headers })) return judgeObservation(observation);
  throw new Error(`no result for ${url}`);
}

/** exposed -> guarded -> rescanned: the riskiest open server of a run, put behind the guard and scanned again. */
export async function closeTheLoop(results: readonly ScanResult[]): Promise<LoopOutcome | null> {
  const exposed = results
    .filter((r) => r.status === 'mcp-open')
    .sort((a, b) => b.risk.score - a.risk.score)[0];
  if (!exposed) return null;
  const guard = await startGuardInFront('127.0.0.1', 0, exposed.target);
  try {
    const guarded = await scanOne(guard.url);
    const withKey = await scanOne(guard.url, { authorization: `Bearer ${guard.apiKey}` });
    return { exposed, guarded, withKey };
  } finally {
    await guard.close();
  }
}

function line(label: string, r: ScanResult): string {
  const tools =
    r.tools.length > 0 ? `, ${r.tools.length} tools (${r.tools.map((t) => t.name).join(', ')})` : '';
  const findings = `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`;
  return `  ${label.padEnd(9)} ${r.target}  ${r.status}${tools}; risk ${r.risk.level} ${r.risk.score}, ${findings}`;
}

export function formatLoop(outcome: LoopOutcome): string {
  const prm = outcome.guarded.auth.resourceMetadata?.document
    ? 'protected resource metadata served'
    : 'no metadata';
  const issuer = outcome.guarded.auth.authorizationServers[0]?.document?.issuer;
  return `${[
    '',
    'Closing the loop: the riskiest exposed server, put behind `mcp-lockdown guard`, then scanned again',
    line('exposed', outcome.exposed),
    line('guarded', outcome.guarded),
    `            ${prm}; authorization server: ${typeof issuer === 'string' ? issuer : 'none'}`,
    line('with key', outcome.withKey),
  ]
    .map((text) => sanitizeTerminal(text))
    .join('\n')}\n`;
}
