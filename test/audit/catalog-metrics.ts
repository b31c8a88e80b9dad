import { readFileSync } from 'node:fs';
import { CAPABILITY_CATEGORIES, type CapabilityCategory } from '../../src/audit/capability-catalog.ts';
import { classifyTool } from '../../src/audit/classify-tool.ts';
import type { ToolInfo } from '../../src/scan/observation.ts';

export interface CorpusEntry {
  server: string;
  package: string;
  version: string;
  tool: ToolInfo;
  labels: CapabilityCategory[];
}

export interface CategoryMetrics {
  category: CapabilityCategory;
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  falsePositiveTools: string[];
  falseNegativeTools: string[];
}

export function loadCorpus(): CorpusEntry[] {
  const url = new URL('../fixtures/tool-corpus/corpus.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as CorpusEntry[];
}

/** Per-category precision and recall of classifyTool against the hand labels. */
export function measureCatalog(corpus: readonly CorpusEntry[]): CategoryMetrics[] {
  const predictions = corpus.map((entry) => new Set(classifyTool(entry.tool).map((c) => c.category)));
  return CAPABILITY_CATEGORIES.map((category) => {
    const metrics: CategoryMetrics = {
      category,
      support: 0,
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
      falsePositiveTools: [],
      falseNegativeTools: [],
    };
    corpus.forEach((entry, index) => {
      const labelled = entry.labels.includes(category);
      const predicted = predictions[index]?.has(category) ?? false;
      const id = `${entry.server}/${entry.tool.name}`;
      if (labelled) metrics.support += 1;
      if (labelled && predicted) metrics.truePositives += 1;
      if (!labelled && predicted) {
        metrics.falsePositives += 1;
        metrics.falsePositiveTools.push(id);
      }
      if (labelled && !predicted) {
        metrics.falseNegatives += 1;
        metrics.falseNegativeTools.push(id);
      }
    });
    const predictedCount = metrics.truePositives + metrics.falsePositives;
    metrics.precision =
      predictedCount === 0 ? (metrics.support === 0 ? 1 : 0) : metrics.truePositives / predictedCount;
    metrics.recall = metrics.support === 0 ? 1 : metrics.truePositives / metrics.support;
    return metrics;
  });
}

/** A Markdown table, printed by the accuracy test and copied into docs/capability-catalog.md. */
export function formatMetricsTable(
  metrics: readonly CategoryMetrics[],
  minSupport: number,
  fullSupport: number,
): string {
  const rows = metrics.map((m) => {
    const rule =
      m.support >= fullSupport
        ? m.precision < 0.9 || m.recall < 0.9
          ? 'below target (known shortfall)'
          : '>= 0.9'
        : m.support >= minSupport
          ? '<= 1 FP and <= 1 FN'
          : 'reported only';
    return `| ${m.category} | ${m.support} | ${m.truePositives} | ${m.falsePositives} | ${m.falseNegatives} | ${m.precision.toFixed(2)} | ${m.recall.toFixed(2)} | ${rule} |`;
  });
  return [
    '| category | support | TP | FP | FN | precision | recall | asserted |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
}
