/**
 * One stdio MCP server child process as a message channel: newline-delimited JSON-RPC on stdin/stdout.
 * The child gets a minimal inherited environment plus the configured one (upstream credentials live
 * there, never in the client's request). No shell is involved.
 */
import { spawn } from 'node:child_process';
import { LockdownError } from '../../errors.ts';
import { classifyJsonRpcMessage, type JsonRpcMessage } from '../../mcp/json-rpc.ts';
import { createLineFramer } from './line-framer.ts';
import type { ChannelFactory, MessageChannel } from './message-channel.ts';

export interface StdioOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string | undefined;
  maxLineBytes: number;
}

const INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'LANG', 'TMPDIR', 'SYSTEMROOT'];

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED_ENV) {
    const v = process.env[key];
    if (v !== undefined) env[key] = v;
  }
  return { ...env, ...extra };
}

export function createStdioChannelFactory(options: StdioOptions): ChannelFactory {
  return () =>
    new Promise<MessageChannel>((resolve, reject) => {
      const child = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: childEnv(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
      let alive = true;
      let stderrTail = '';
      const channel: MessageChannel = {
        onMessage: () => undefined,
        onClose: () => undefined,
        get alive() {
          return alive;
        },
        send(message: JsonRpcMessage) {
          if (!alive) return Promise.reject(new LockdownError('ERR_UPSTREAM', 'stdio upstream has exited'));
          return new Promise<void>((ok, fail) => {
            child.stdin.write(`${JSON.stringify(message)}\n`, (error) => (error ? fail(error) : ok()));
          });
        },
        close() {
          if (!alive) return Promise.resolve();
          return new Promise<void>((done) => {
            const force = setTimeout(() => child.kill('SIGKILL'), 2000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.stdin.end();
            child.kill('SIGTERM');
          });
        },
      };
      const die = (reason: string): void => {
        if (!alive) return;
        alive = false;
        channel.onClose(reason);
      };
      const framer = createLineFramer(options.maxLineBytes, () => undefined);
      child.stdout.on('data', (chunk: Buffer) => {
        for (const line of framer.push(chunk)) {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            continue; // servers sometimes log to stdout; a non-JSON line is not a message
          }
          const message = classifyJsonRpcMessage(value);
          if (message !== null) channel.onMessage(message);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-2000);
      });
      child.stdin.on('error', () => die('stdin closed'));
      child.once('error', (error) => {
        die(`spawn failed: ${error.message}`);
        reject(new LockdownError('ERR_UPSTREAM', `cannot start '${options.command}': ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        die(
          `exited (${signal ?? `code ${code}`})${stderrTail ? `: ${stderrTail.trim().split('\n').pop()}` : ''}`,
        );
      });
      child.once('spawn', () => resolve(channel));
    });
}
