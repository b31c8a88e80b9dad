/** Spawning real servers for guard tests: free loopback ports, readiness polling, clean shutdown by PID. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { resolve } from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((ok) => {
      const sock = new Socket();
      sock.once('connect', () => {
        sock.destroy();
        ok(true);
      });
      sock.once('error', () => ok(false));
      sock.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not open in ${timeoutMs} ms`);
}

export interface Spawned {
  child: ChildProcess;
  port: number;
  url: string;
  stop(): Promise<void>;
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** `@modelcontextprotocol/server-everything` over Streamable HTTP (it reads PORT; it binds every interface). */
export async function startEverythingHttp(): Promise<Spawned> {
  const port = await freePort();
  const entry = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
  const child = spawn(process.execPath, [entry, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  await waitForPort(port);
  return { child, port, url: `http://127.0.0.1:${port}/mcp`, stop: () => stopChild(child) };
}

/** A throwaway redis-server on a free loopback port, no persistence. */
export async function startRedis(): Promise<Spawned> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
    },
  );
  await waitForPort(port);
  return { child, port, url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
