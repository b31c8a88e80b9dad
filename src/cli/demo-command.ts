import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLab } from '../lab/start-lab.ts';
import { renderHtml } from '../report/render-html.ts';
import { renderSarif } from '../report/render-sarif.ts';
import { type CliIo, EXIT, useColor } from './cli-io.ts';
import { closeTheLoop, formatLoop } from './demo-loop.ts';
import { createJudge } from './judge.ts';
import { executeScan, formatScanSummary } from './scan-command.ts';

export const DEMO_USAGE = `Usage: mcp-lockdown demo [--out DIR] [--quiet]

Starts the lab (deliberately exposed and properly secured MCP servers on loopback), scans it,
prints the summary, puts the riskiest exposed server behind the guard and scans it again,
and writes results.json, results.jsonl, report.html, report.sarif and rescan.json to DIR
(default ./mcp-lockdown-demo). Everything stays on 127.0.0.1.`;

export async function runDemoCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${DEMO_USAGE}\n`);
    return EXIT.ok;
  }
  const outDir = path.resolve(values.out ?? 'mcp-lockdown-demo');
  await mkdir(outDir, { recursive: true });
  const lab = await startLab();
  try {
    if (!values.quiet) {
      io.stdout.write(
        `Lab: ${lab.servers.length} MCP servers on loopback, deliberately exposed and properly secured.\n`,
      );
      for (const server of lab.servers) io.stdout.write(`  ${server.id.padEnd(16)} ${server.url}\n`);
      io.stdout.write('\nScanning the lab...\n');
    }
    const judge = await createJudge({ baseline: undefined, ignore: undefined });
    const { run } = await executeScan(
      {
        positionals: lab.servers.map((server) => server.url),
        inputs: [],
        options: {},
        jsonl: path.join(outDir, 'results.jsonl'),
        json: path.join(outDir, 'results.json'),
        skipClosed: false,
        baseline: undefined,
        ignore: undefined,
        failOn: undefined,
        quiet: values.quiet === true,
        help: false,
      },
      io,
      judge,
    );
    await writeFile(path.join(outDir, 'report.html'), renderHtml(run));
    await writeFile(path.join(outDir, 'report.sarif'), renderSarif(run));
    const loop = await closeTheLoop(run.results);
    if (loop) await writeFile(path.join(outDir, 'rescan.json'), `${JSON.stringify(loop, null, 2)}\n`);
    if (!values.quiet) {
      io.stdout.write(formatScanSummary(run, useColor(io)));
      if (loop) io.stdout.write(formatLoop(loop));
      io.stdout.write(
        `\nResults: ${outDir}/{results.json,results.jsonl,report.html,report.sarif,rescan.json}\n`,
      );
    }
    return EXIT.ok;
  } finally {
    await lab.stop();
  }
}
