import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPABILITY_CATEGORIES } from '../../src/audit/capability-catalog.ts';
import { formatMetricsTable, loadCorpus, measureCatalog } from './catalog-metrics.ts';

/**
 * The catalog is measured against real tools listed from MCP servers published on npm, labelled by hand
 * (test/fixtures/tool-corpus). Target: precision and recall >= 0.9 per dangerous category.
 * With fewer than 10 positives a single error already drops a ratio below 0.9, so categories with
 * 5..9 positives are held to the small-sample equivalent: at most one false positive and one false
 * negative. Categories with fewer than 5 positives are reported only.
 */
const FULL_SUPPORT = 10;
const MIN_SUPPORT = 5;
const TARGET = 0.9;
/**
 * Measured below the target, kept visible rather than hidden: the floor each must not fall under.
 * None today: secrets-credentials left this list after the third held-out round
 * (docs/capability-catalog.md), so the full target now holds for every category with enough support.
 */
const KNOWN_SHORTFALLS: Readonly<Record<string, { precision?: number; recall?: number }>> = {};

const corpus = loadCorpus();
const metrics = measureCatalog(corpus);

test('capability catalog: precision and recall per category on the labelled corpus', (t) => {
  t.diagnostic(`corpus: ${corpus.length} tools from ${new Set(corpus.map((e) => e.server)).size} servers`);
  const table = formatMetricsTable(metrics, MIN_SUPPORT, FULL_SUPPORT);
  console.log(`\n${table}\n`);
  for (const m of metrics) {
    if (m.falsePositiveTools.length > 0)
      t.diagnostic(`${m.category} false positives: ${m.falsePositiveTools.join(', ')}`);
    if (m.falseNegativeTools.length > 0)
      t.diagnostic(`${m.category} false negatives: ${m.falseNegativeTools.join(', ')}`);
  }
  for (const m of metrics) {
    if (m.support >= FULL_SUPPORT) {
      const floor = { precision: TARGET, recall: TARGET, ...KNOWN_SHORTFALLS[m.category] };
      if (floor.precision < TARGET || floor.recall < TARGET) {
        t.diagnostic(
          `BELOW TARGET: ${m.category} precision ${m.precision.toFixed(2)}, recall ${m.recall.toFixed(2)} (target ${TARGET})`,
        );
      }
      assert.ok(
        m.precision >= floor.precision,
        `${m.category} precision ${m.precision.toFixed(2)} < ${floor.precision}`,
      );
      assert.ok(m.recall >= floor.recall, `${m.category} recall ${m.recall.toFixed(2)} < ${floor.recall}`);
    } else if (m.support >= MIN_SUPPORT) {
      assert.ok(
        m.falsePositives <= 1,
        `${m.category}: ${m.falsePositives} false positives on ${m.support} positives`,
      );
      assert.ok(
        m.falseNegatives <= 1,
        `${m.category}: ${m.falseNegatives} false negatives on ${m.support} positives`,
      );
    } else {
      t.diagnostic(`${m.category}: support ${m.support} < ${MIN_SUPPORT}, reported only`);
    }
  }
});

test('corpus: every label is a known category and the corpus is large enough to mean something', () => {
  const known = new Set<string>(CAPABILITY_CATEGORIES);
  assert.ok(corpus.length >= 200, `only ${corpus.length} tools`);
  for (const entry of corpus) {
    for (const label of entry.labels)
      assert.ok(known.has(label), `${entry.server}/${entry.tool.name}: unknown label ${label}`);
  }
});
