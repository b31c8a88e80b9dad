import type { Server } from 'node:http';
import { LockdownError } from '../errors.ts';

/** Listens on exactly host:port; a failure (port in use, bad address) becomes ERR_LAB_START naming the server. */
export function listenHttp(id: string, server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const reason = error.code ?? error.message;
      reject(
        new LockdownError(
          'ERR_LAB_START',
          `lab server ${id} could not listen on ${hostForUrl(host)}:${port}: ${reason}`,
          {
            server: id,
            host,
            port,
            reason,
          },
          { cause: error },
        ),
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true });
  });
}

/** Closes the listener and every socket, idle keep-alives included, so stop() never hangs. */
export function closeHttp(server: Server): Promise<void> {
  if (!server.listening) {
    server.closeAllConnections();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** IPv6 literals need brackets inside URLs. */
export function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function originOf(host: string, port: number): string {
  return `http://${hostForUrl(host)}:${port}`;
}

/** The path part of a request URL, without its query string. */
export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}
