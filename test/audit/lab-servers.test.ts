import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auditObservation } from '../../src/audit/audit-observation.ts';
import type { LabServerDefinition, LabServerHandle } from '../../src/lab/lab-server.ts';
import { openStatelessServer } from '../../src/lab/open-stateless-server.ts';
import { poisonedServer } from '../../src/lab/poisoned-server.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';
import { buildObservation } from './observation-builder.ts';

/**
 * End to end over real sockets (loopback only): list the tools of the project's own lab servers with
 * the MCP SDK client, as the scanner would, and check that the audit names what they really expose.
 */
const handles: LabServerHandle[] = [];

async function listTools(definition: LabServerDefinition): Promise<{ url: string; tools: ToolInfo[] }> {
  const handle = await definition.start('127.0.0.1', 0);
  handles.push(handle);
  const client = new Client({ name: 'mcp-lockdown-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(handle.info.url)));
  try {
    const { tools } = await client.listTools();
    return {
      url: handle.info.url,
      tools: tools.map((t) => ({
        name: t.name,
        description: t.description ?? null,
        inputSchema: t.inputSchema,
        annotations: (t.annotations as Record<string, unknown> | undefined) ?? null,
      })),
    };
  } finally {
    await client.close();
  }
}

let poisoned: Awaited<ReturnType<typeof listTools>>;
let open: Awaited<ReturnType<typeof listTools>>;

before(async () => {
  poisoned = await listTools(poisonedServer);
  open = await listTools(openStatelessServer);
});

after(async () => {
  await Promise.all(handles.map((h) => h.close()));
});

function observe(listing: { url: string; tools: ToolInfo[] }) {
  const url = new URL(listing.url);
  return buildObservation({
    target: listing.url,
    host: url.hostname,
    port: Number(url.port),
    address: '127.0.0.1',
    tls: false,
    tools: listing.tools,
  });
}

test('lab poisoned server: poisoning, hidden Unicode, shadowing and the exfiltration parameter are all found', () => {
  const { findings } = auditObservation(observe(poisoned));
  const found = new Set(findings.map((f) => `${f.checkId} ${f.subject}`));
  for (const expected of [
    'tool-poisoning-instructions add',
    'tool-poisoning-instructions format_email',
    'tool-hidden-unicode daily_fact',
    'tool-shadowing format_email',
    'tool-exfiltration-parameter add',
  ]) {
    assert.ok(found.has(expected), `missing ${expected}; got ${[...found].join(', ')}`);
  }
  const fact = findings.find((f) => f.checkId === 'tool-hidden-unicode' && f.subject === 'daily_fact');
  assert.equal(fact?.severity, 'critical');
  assert.match(String(fact?.evidence.decodedTagText), /Ignore all previous instructions/);
  assert.equal(findings.find((f) => f.checkId === 'tool-shadowing')?.severity, 'high');
  assert.ok(
    !found.has('tool-poisoning-instructions send_email'),
    'the honest send_email tool is not flagged',
  );
});

test('lab open server: command execution, file read and database query are classified, risk is critical', () => {
  const { findings, risk } = auditObservation(observe(open));
  const found = new Set(findings.map((f) => `${f.checkId} ${f.subject}`));
  for (const expected of [
    'capability-command-execution run_command',
    'capability-file-read read_file',
    'capability-database-query query_database',
  ]) {
    assert.ok(found.has(expected), `missing ${expected}; got ${[...found].join(', ')}`);
  }
  assert.equal(risk.level, 'critical');
});
