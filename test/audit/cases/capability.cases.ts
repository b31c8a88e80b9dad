import assert from 'node:assert/strict';
import { CAPABILITY_CATEGORIES, type CapabilityCategory } from '../../../src/audit/capability-catalog.ts';
import type { ToolInfo } from '../../../src/scan/observation.ts';
import { type CheckCase, fires, silent } from '../check-case.ts';
import { buildObservation, corpusTools, tool } from '../observation-builder.ts';

/** A real tool of the npm corpus for each category, and its server (fires). */
const EXAMPLES: Record<CapabilityCategory, { server: string; tool: string }> = {
  'command-execution': { server: 'desktop-commander', tool: 'start_process' },
  'code-execution': { server: 'puppeteer', tool: 'puppeteer_evaluate' },
  'file-read': { server: 'filesystem', tool: 'read_text_file' },
  'file-write': { server: 'filesystem', tool: 'write_file' },
  'database-query': { server: 'postgres', tool: 'query' },
  'cloud-infrastructure': { server: 'kubernetes', tool: 'kubectl_apply' },
  'network-fetch': { server: 'firecrawl', tool: 'firecrawl_scrape' },
  'secrets-credentials': { server: 'cloudflare', tool: 'secret_list' },
  'messaging-email': { server: 'slack', tool: 'slack_post_message' },
  'payments-finance': { server: 'paypal', tool: 'create_refund' },
  'browser-automation': { server: 'playwright', tool: 'browser_click' },
  'paid-compute': { server: 'everart', tool: 'generate_image' },
};

function corpusTool(server: string, name: string): ToolInfo {
  const found = corpusTools(server).find((t) => t.name === name);
  assert.ok(found, `${server}/${name} is in the corpus`);
  return found;
}

/** Harmless look-alikes (silent): a tool whose words brush the category without having the capability. */
const LOOKALIKES: Record<CapabilityCategory, ToolInfo> = {
  'command-execution': tool('list_processes', 'List all running processes with their PID and memory usage.'),
  'code-execution': tool('format_code', 'Pretty-print a snippet of source text for display.', {
    text: { type: 'string' },
  }),
  'file-read': tool('get_file_contents', 'Get the contents of a file or directory from a GitHub repository', {
    owner: { type: 'string' },
    repo: { type: 'string' },
    path: { type: 'string' },
  }),
  'file-write': tool('maps_directions', 'Get directions between two points', {
    origin: { type: 'string' },
    destination: { type: 'string' },
  }),
  'database-query': tool('brave_web_search', 'Performs a web search using the Brave Search API.', {
    query: { type: 'string' },
  }),
  'cloud-infrastructure': tool('get_weather', 'Get the weather for a city.', { city: { type: 'string' } }),
  'network-fetch': tool('web_search', 'Search the web for current information on any topic.', {
    query: { type: 'string' },
  }),
  'secrets-credentials': tool('get_user', 'Retrieve a user profile by id.', { user_id: { type: 'string' } }),
  'messaging-email': tool('queue_send_message', 'Send a message to a queue', {
    queueId: { type: 'string' },
    message: { type: 'string' },
  }),
  'payments-finance': tool('sort_records', 'Sort records in ascending or descending order.', {
    order: { type: 'string' },
  }),
  'browser-automation': tool('http_get', 'Perform an HTTP GET request', { url: { type: 'string' } }),
  'paid-compute': tool('ai_list_models', 'List available AI models'),
};

export const CAPABILITY_CASES: CheckCase[] = CAPABILITY_CATEGORIES.flatMap((category) => {
  const id = `capability-${category}`;
  const example = EXAMPLES[category];
  const real = corpusTool(example.server, example.tool);
  return [
    fires(
      id,
      `real tool ${example.server}/${example.tool}`,
      buildObservation({ tools: [real, LOOKALIKES[category]] }),
      {
        subjects: [example.tool],
        verify: (findings) => assert.ok(((findings[0]?.evidence.reasons ?? []) as string[]).length > 0),
      },
    ),
    fires(
      id,
      'behind authentication the severity is one step lower',
      buildObservation({ tools: [real], auth: { mode: 'partial' } }),
      {
        verify: (findings) => assert.equal(findings[0]?.evidence.anonymous, false),
      },
    ),
    silent(
      id,
      `look-alike ${LOOKALIKES[category].name}`,
      buildObservation({ tools: [LOOKALIKES[category]] }),
    ),
  ];
});
