import type { ScanResult, ScanSummary } from '../scan/scan-run.ts';
import { VERSION } from '../version.ts';
import { openSink } from './output-sink.ts';

/**
 * Writes a `--json` run file as results arrive, so a huge scan never holds its results in memory.
 * The file is one JSON document (a ScanRun); results appear one per line for easy diffing.
 */
export function createRunWriter(path: string, startedAt: Date, options: object) {
  const sink = openSink(path, process.stdout);
  let count = 0;
  const head = {
    schemaVersion: 1,
    tool: { name: 'mcp-lockdown', version: VERSION },
    startedAt: startedAt.toISOString(),
    options,
  };
  const opening = `${JSON.stringify(head).slice(0, -1)},"results":[`;
  let opened = false;
  const open = async () => {
    if (!opened) {
      opened = true;
      await sink.write(opening);
    }
  };
  return {
    async add(result: ScanResult) {
      await open();
      await sink.write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(result)}`);
      count += 1;
    },
    async finish(summary: ScanSummary, finishedAt: Date) {
      await open();
      await sink.write(
        `\n],"finishedAt":${JSON.stringify(finishedAt.toISOString())},"summary":${JSON.stringify(summary)}}\n`,
      );
      await sink.close();
    },
  };
}
