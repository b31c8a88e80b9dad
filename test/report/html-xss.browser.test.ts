import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/render-html.ts';
import type { ScanResult, ScanRun } from '../../src/scan/scan-run.ts';
import { summarizeResults } from '../../src/scan/summarize.ts';
import { HOSTILE_TOOLS, scanHostileServer, startHostileServer } from './hostile-mcp-server.ts';
import { hostileRun, loadFixture, XSS_PAYLOADS } from './report-fixtures.ts';

/**
 * Proof in a real browser that the HTML report is inert: a real MCP server on loopback serves tool
 * names, descriptions and server info full of XSS payloads; the scanner lists them; the report is
 * rendered and opened in headless Chromium, where nothing may run and the payloads must show as text.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
// In CI the browser must be there (.ci/run installs it); on a developer machine without it, skip.
const skip = !existsSync(CHROMIUM) && process.env.CI === undefined ? `${CHROMIUM} not installed` : false;

let browser: Browser;
let mcp: HttpServer;
let mcpUrl: string;
let workDir: string;

function runOf(results: ScanResult[], startedAt: string): ScanRun {
  return {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: '0.1.0' },
    startedAt,
    finishedAt: new Date().toISOString(),
    options: {},
    results,
    summary: summarizeResults(results, 1000),
  };
}

interface Opened {
  page: Page;
  dialogs: string[];
  errors: string[];
  requests: string[];
}

async function open(run: ScanRun, name: string): Promise<Opened> {
  const file = join(workDir, name);
  await writeFile(file, renderHtml(run));
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const opened: Opened = { page, dialogs: [], errors: [], requests: [] };
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) opened.requests.push(request.url());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForLoadState('load');
  return opened;
}

async function assertInert(opened: Opened): Promise<void> {
  const { page } = opened;
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned),
    undefined,
    'a payload ran',
  );
  assert.deepEqual(opened.dialogs, [], 'a dialog fired');
  assert.deepEqual(opened.errors, [], 'the report script failed');
  assert.deepEqual(opened.requests, [], 'the report loaded something');
  // Only our one script element exists; no element carries an event handler attribute.
  assert.equal(await page.locator('script').count(), 1);
  assert.equal(await page.locator('iframe, img, object, embed, body [onload], [onerror]').count(), 0);
  assert.equal(await page.locator('style').count(), 1);
}

before(async () => {
  if (skip) return;
  workDir = await mkdtemp(join(tmpdir(), 'mcp-lockdown-html-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  ({ http: mcp, url: mcpUrl } = await startHostileServer());
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await new Promise((resolve) => mcp?.close(resolve));
  mcp?.closeAllConnections();
  await rm(workDir, { recursive: true, force: true });
});

test('a scanned server with XSS payloads in its tools renders inert in Chromium', { skip }, async () => {
  const startedAt = new Date().toISOString();
  const scanned = await scanHostileServer(mcpUrl);
  assert.equal(scanned.length, 1);
  const hostile = scanned[0] as ScanResult;
  assert.equal(hostile.status, 'mcp-open', hostile.evidence.join('; '));
  assert.equal(hostile.tools.length, HOSTILE_TOOLS.length);
  assert.ok(
    hostile.serverInfo?.name.includes('<script>'),
    'the scanner kept the hostile server name verbatim',
  );

  // The scanned server next to the hand-built fixture servers, so the screenshot shows a full report.
  const run = runOf([...loadFixture('sample-run.json').results, hostile], startedAt);
  const opened = await open(run, 'scanned.html');
  const { page } = opened;
  await assertInert(opened);

  // The payloads are on the page as text.
  const card = page.locator('details.server', { hasText: hostile.target });
  await card.locator('summary').click();
  await card.evaluate((el) => el.setAttribute('open', ''));
  for (const tool of HOSTILE_TOOLS) {
    assert.ok(await card.getByText(tool.description, { exact: true }).isVisible(), tool.description);
  }
  assert.ok(await card.getByText(XSS_PAYLOADS[0], { exact: false }).first().isVisible());
  assert.match(
    (await card.locator('.sub').first().textContent()) ?? '',
    /evil-server <script>window\.__pwned=1<\/script>/,
  );

  // Filters: text search, status, severity change what is visible.
  const rows = page.locator('[data-row]');
  const visible = async (): Promise<number> =>
    rows.evaluateAll((els) => els.filter((e) => !(e as unknown as { hidden: boolean }).hidden).length);
  const total = await rows.count();
  assert.equal(await visible(), total);
  await page.fill('#f-search', 'evil-server');
  assert.equal(await visible(), 1);
  assert.match((await page.textContent('#f-count')) ?? '', new RegExp(`^1 of ${total} shown$`));
  await page.fill('#f-search', '');
  await page.selectOption('#f-status', 'mcp-open');
  assert.equal(await visible(), run.results.filter((r) => r.status === 'mcp-open').length);
  await page.selectOption('#f-status', '');
  await page.selectOption('#f-severity', '5');
  const critical = run.results.filter((r) => r.findings.some((f) => f.severity === 'critical')).length;
  assert.equal(await visible(), critical);
  await page.selectOption('#f-severity', '0');
  assert.equal(await visible(), total);
  await assertInert(opened);

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL('report.png', ARTIFACTS).pathname, fullPage: true });
  await page.close();
});

test('every server-controlled field of a hostile run renders inert in Chromium', { skip }, async () => {
  const opened = await open(hostileRun(), 'hostile.html');
  await assertInert(opened);
  const text = (await opened.page.textContent('body')) ?? '';
  for (const payload of XSS_PAYLOADS) assert.ok(text.includes(payload), `payload shown as text: ${payload}`);
  await opened.page.close();
});
