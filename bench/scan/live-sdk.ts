/**
 * Bench child: the baseline. For each live server, the official SDK 1.x client does
 * connect (initialize + initialized) + listTools + close, at most CONCURRENCY at once, `rounds`
 * times. Args: URLS_JSON_FILE CONCURRENCY ROUNDS SERVER_PID.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ChildReport, cpuMsSince, cpuSince, printReport, type RoundSample } from './child-protocol.ts';
import { freshConnections } from './fresh-connections.ts';

const [file, concurrencyArg, roundsArg, serverPidArg] = process.argv.slice(2);
const urls = JSON.parse(readFileSync(file as string, 'utf8')) as string[];
const concurrency = Number(concurrencyArg);
const rounds = Number(roundsArg);
const serverPid = Number(serverPidArg);

async function listOnce(url: string): Promise<{ tools: string[]; error: string | null }> {
  const client = new Client({ name: 'bench-sdk-client', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    return { tools: tools.map((t) => t.name).sort(), error: null };
  } catch (error) {
    return { tools: [], error: String(error) };
  } finally {
    await client.close();
  }
}

const samples: RoundSample[] = [];
const found: Record<string, { tools: string[]; error: string | null }> = {};
for (let round = 0; round < rounds; round++) {
  if (round > 0) await freshConnections(serverPid);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      found[url] = await listOnce(url);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  samples.push({ wallMs: performance.now() - t0, ...cpuSince(cpu), items: urls.length });
}
const report: ChildReport = {
  rounds: samples,
  processCpuMs: cpuMsSince({ user: 0, system: 0 }),
  details: { found },
};
printReport(report);
