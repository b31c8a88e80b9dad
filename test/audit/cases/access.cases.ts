import assert from 'node:assert/strict';
import { type CheckCase, fires, silent } from '../check-case.ts';
import { buildObservation, corpusTools, loadObservation, tool } from '../observation-builder.ts';

const ID = 'unauthenticated-tool-listing';

export const ACCESS_CASES: CheckCase[] = [
  fires(
    ID,
    'open server with command execution on a LAN address is critical',
    loadObservation('open-desktop-commander-lan'),
    {
      severity: 'critical',
      subjects: [null],
      verify: (findings) => {
        const byCategory = findings[0]?.evidence.dangerousToolsByCategory as Record<string, string[]>;
        assert.ok(byCategory['command-execution']?.includes('start_process'));
      },
    },
  ),
  fires(
    ID,
    'open server with only file tools is high',
    buildObservation({ tools: corpusTools('filesystem') }),
    { severity: 'high' },
  ),
  fires(
    ID,
    'open server with harmless tools is medium',
    buildObservation({ tools: corpusTools('sequential-thinking') }),
    {
      severity: 'medium',
    },
  ),
  fires(ID, 'open loopback server is one step lower', loadObservation('loopback-clean'), { severity: 'low' }),
  silent(ID, 'server that demands OAuth', loadObservation('oauth-protected-good')),
  silent(ID, 'partial server (listing refused)', loadObservation('partial-server')),
  silent(
    ID,
    'not an MCP server',
    buildObservation({
      status: 'not-mcp',
      tools: [tool('exec', 'Run a shell command', { command: { type: 'string' } })],
    }),
  ),
  fires(
    'initialize-open-listing-guarded',
    'initialize open, tools/list refused',
    loadObservation('partial-server'),
    {
      severity: 'info',
    },
  ),
  silent(
    'initialize-open-listing-guarded',
    'fully open server',
    loadObservation('open-desktop-commander-lan'),
  ),
  silent(
    'initialize-open-listing-guarded',
    'fully protected server',
    loadObservation('oauth-protected-good'),
  ),
];
