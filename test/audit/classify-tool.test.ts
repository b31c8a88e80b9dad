import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CAPABILITY_CATEGORIES, CLASSIFY_THRESHOLD } from '../../src/audit/capability-catalog.ts';
import {
  classifyTool,
  collectSchemaPropertyNames,
  normalizeToolName,
} from '../../src/audit/classify-tool.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';
import { tool } from './observation-builder.ts';

test('normalizeToolName splits camel, snake and kebab case', () => {
  assert.equal(normalizeToolName('readTextFile'), 'read text file');
  assert.equal(normalizeToolName('API-post-search'), 'api post search');
  assert.equal(normalizeToolName('kubectl_get'), 'kubectl get');
});

test('collectSchemaPropertyNames walks nested objects, arrays and combinators', () => {
  const names = collectSchemaPropertyNames({
    type: 'object',
    properties: {
      params: { type: 'object', properties: { projectSlug: { type: 'string' } } },
      files: { type: 'array', items: { type: 'object', properties: { path: {} } } },
      target: { anyOf: [{ type: 'object', properties: { url: {} } }] },
    },
  });
  assert.deepEqual(names.sort(), ['files', 'params', 'path', 'projectSlug', 'target', 'url'].sort());
});

test('annotations weigh in: readOnlyHint lowers file-write, openWorldHint=false lowers network-fetch', () => {
  const writer = tool('save_pdf', 'Save the page as a PDF file', { outputPath: { type: 'string' } });
  assert.ok(classifyTool(writer).some((c) => c.category === 'file-write'));
  const readOnly = { ...writer, annotations: { readOnlyHint: true } };
  const before = classifyTool(writer).find((c) => c.category === 'file-write')?.confidence ?? 0;
  const after = classifyTool(readOnly).find((c) => c.category === 'file-write')?.confidence ?? 0;
  assert.ok(after < before);
  const fetcher = tool('open_link', 'Fetch a URL', { url: { type: 'string' } });
  const open = classifyTool(fetcher).find((c) => c.category === 'network-fetch')?.confidence ?? 0;
  const closed =
    classifyTool({ ...fetcher, annotations: { openWorldHint: false } }).find(
      (c) => c.category === 'network-fetch',
    )?.confidence ?? 0;
  assert.ok(open > 0 && closed < open);
});

test('reasons explain every classification', () => {
  for (const c of classifyTool(
    tool('execute_command', 'Execute a shell command', { command: { type: 'string' } }),
  )) {
    assert.ok(c.reasons.length > 0);
  }
  assert.equal(
    classifyTool(tool('execute_command', 'Execute a shell command'))[0]?.category,
    'command-execution',
  );
});

const arbitraryTool: fc.Arbitrary<ToolInfo> = fc.record({
  name: fc.string({ maxLength: 200 }),
  description: fc.option(fc.string({ maxLength: 2000 }), { nil: null }),
  inputSchema: fc.jsonValue({ maxDepth: 6 }),
  annotations: fc.option(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), { nil: null }),
});

test('hostile tool definitions never throw and give well-formed results', () => {
  fc.assert(
    fc.property(arbitraryTool, (candidate) => {
      const results = classifyTool(candidate);
      const categories = results.map((r) => r.category);
      assert.equal(new Set(categories).size, categories.length);
      for (const r of results) {
        assert.ok((CAPABILITY_CATEGORIES as readonly string[]).includes(r.category));
        assert.ok(r.confidence >= CLASSIFY_THRESHOLD && r.confidence <= 1);
      }
    }),
    { numRuns: 300 },
  );
});

test('huge and deeply nested schemas are bounded', () => {
  let deep: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 5000; i += 1) deep = { type: 'object', properties: { [`p${i}`]: deep } };
  const wide = {
    type: 'object',
    properties: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, {}])),
  };
  assert.ok(collectSchemaPropertyNames(deep).length <= 10);
  assert.ok(collectSchemaPropertyNames(wide).length <= 500);
  const started = Date.now();
  classifyTool({
    name: 'x'.repeat(100_000),
    description: 'read file '.repeat(50_000),
    inputSchema: wide,
    annotations: null,
  });
  assert.ok(Date.now() - started < 2000);
});

/** One signal, written as a made-up tool (not a corpus tool), and whether the category should fire. */
interface SignalCase {
  why: string;
  tool: ToolInfo;
  category: (typeof CAPABILITY_CATEGORIES)[number];
  fires: boolean;
}

const str = { type: 'string' };

// Round-3 vocabulary: each signal once where it fires and once where a near miss must not.
const SIGNAL_CASES: SignalCase[] = [
  {
    why: 'a local shell command is still a command',
    tool: tool('runner', 'Run a local shell command with the given arguments', { argv: str }),
    category: 'command-execution',
    fires: true,
  },
  {
    why: 'listing command history runs nothing',
    tool: tool('history', 'Show the local shell history of past commands', { limit: str }),
    category: 'command-execution',
    fires: false,
  },
  {
    why: 'doing something to a credential',
    tool: tool('make_login', 'Generate a secure password for a new account', { length: str }),
    category: 'secrets-credentials',
    fires: true,
  },
  {
    why: 'inspecting the token the server runs with is not secret management',
    tool: tool('whoami', 'Analyzes the current access token and returns the user and scopes'),
    category: 'secrets-credentials',
    fires: false,
  },
  {
    why: 'an input that carries a signing secret sets one',
    tool: tool('create_api', 'Register an API', { name: str, signing_secret: str }),
    category: 'secrets-credentials',
    fires: true,
  },
  {
    why: 'a disclaimer that credentials are never exposed',
    tool: tool('debug_info', 'Diagnostics. Never expose credentials or tokens; returns versions only.', {
      verbose: str,
    }),
    category: 'secrets-credentials',
    fires: false,
  },
  {
    why: 'items of a password manager named by the manager',
    tool: tool('item_rename', 'Rename a 1Password item', { itemId: str, title: str }),
    category: 'secrets-credentials',
    fires: true,
  },
  {
    why: 'the schema of a credential type is metadata',
    tool: tool('credential_schema', 'Describe the fields of a credential type', { type: str }),
    category: 'secrets-credentials',
    fires: false,
  },
  {
    why: 'a subscription to a product called "Secrets Manager" is billing',
    tool: tool('change_plan', 'Change the subscription seats for Secrets Manager', { seats: str }),
    category: 'secrets-credentials',
    fires: false,
  },
  {
    why: 'the process environment, unqualified',
    tool: tool('env_dump', 'Returns all environment variables'),
    category: 'secrets-credentials',
    fires: true,
  },
  {
    why: 'variables of a remote function are its configuration',
    tool: tool('fn_env', 'List environment variables for a function', { functionName: str }),
    category: 'secrets-credentials',
    fires: false,
  },
  {
    why: 'media generators named "X to Y"',
    tool: tool('text_to_music', 'Turn a description into a track', { prompt: str }),
    category: 'paid-compute',
    fires: true,
  },
  {
    why: 'a format converter is not a generator',
    tool: tool('wav_to_mp3', 'Convert a WAV recording to MP3', { input: str }),
    category: 'paid-compute',
    fires: false,
  },
  {
    why: 'a prediction on a hosted model',
    tool: tool('create_prediction', 'Create a prediction for the model and inputs you provide', {
      input: str,
    }),
    category: 'paid-compute',
    fires: true,
  },
  {
    why: 'reading past predictions spends nothing',
    tool: tool('list_predictions', 'List predictions created by the account', { cursor: str }),
    category: 'paid-compute',
    fires: false,
  },
  {
    why: 'web-grounded answers come from a model',
    tool: tool('ask', 'Answer a question using web-grounded AI with citations', { question: str }),
    category: 'paid-compute',
    fires: true,
  },
  {
    why: 'a simulated research agent is a demo',
    tool: tool('demo_research', 'Simulates a deep research run with progress updates', { topic: str }),
    category: 'paid-compute',
    fires: false,
  },
  {
    why: 'dedicated GPU hardware bills while it runs',
    tool: tool('new_endpoint', 'Create an endpoint on a GPU', { hardware: str, min_instances: str }),
    category: 'paid-compute',
    fires: true,
  },
  {
    why: 'generated output saved to a directory is written',
    tool: tool('speak', 'Convert text to audio and save the audio file to a given directory', { text: str }),
    category: 'file-write',
    fires: true,
  },
  {
    why: 'an API object called a file, documented with curl, is not on this disk',
    tool: tool('create_upload', 'Create a file by uploading its content. Example: curl -X POST', {
      content: str,
    }),
    category: 'file-write',
    fires: false,
  },
  {
    why: 'a local Markdown note app writes files unless read-only',
    tool: tool('obsidian_append', 'Append text to a note', { note: str }),
    category: 'file-write',
    fires: true,
  },
  {
    why: 'the same app, read-only',
    tool: tool(
      'obsidian_outline',
      'Show the headings of a note',
      { note: str },
      { annotations: { readOnlyHint: true } },
    ),
    category: 'file-write',
    fires: false,
  },
  {
    why: 'an image path is a local file sent to a provider',
    tool: tool('restyle', 'Restyle a picture', { inputImagePath: str }),
    category: 'file-read',
    fires: true,
  },
  {
    why: 'an image URL is not a local file',
    tool: tool('restyle_remote', 'Restyle a picture', { imageUrl: str }),
    category: 'file-read',
    fires: false,
  },
  {
    why: 'a player whose source may be a URL fetches it',
    tool: tool('player', 'Play an audio file', { source: str, isUrl: { type: 'boolean' } }),
    category: 'network-fetch',
    fires: true,
  },
  {
    why: 'the same player without a URL input',
    tool: tool('player_local', 'Play an audio file', { source: str }),
    category: 'network-fetch',
    fires: false,
  },
  {
    why: 'a CRM sales pipeline is not a build pipeline',
    tool: tool('pipeline_stages', 'List the stages of a CRM sales pipeline', { pipelineId: str }),
    category: 'cloud-infrastructure',
    fires: false,
  },
  {
    why: 'a build pipeline still is',
    tool: tool('pipeline_status', 'Get the status of a CI pipeline', { pipelineId: str }),
    category: 'cloud-infrastructure',
    fires: true,
  },
];

test('round-3 signals fire where they should and not on near misses', () => {
  for (const c of SIGNAL_CASES) {
    const found = classifyTool(c.tool).some((r) => r.category === c.category);
    assert.equal(
      found,
      c.fires,
      `${c.why}: ${c.tool.name} ${c.fires ? 'should' : 'should not'} be ${c.category}`,
    );
  }
});
