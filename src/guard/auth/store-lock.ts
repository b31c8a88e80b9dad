import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { LockdownError } from '../../errors.ts';

/**
 * A lock file beside the key store, so two `keys create` runs at once cannot both read the old store
 * and lose one key. O_EXCL creation is atomic on local filesystems; a lock older than `staleMs` (a
 * crashed run) is broken. Synchronous on purpose: the key store is written by a CLI command, not on
 * the guard's request path.
 */
export function withFileLock<T>(
  file: string,
  fn: () => T,
  options: { timeoutMs?: number; staleMs?: number } = {},
): T {
  const lock = `${file}.lock`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockdownError('ERR_KEY_STORE', `cannot lock key store ${file}: ${(err as Error).message}`, {
          file,
        });
      }
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) {
          unlinkSync(lock);
          continue;
        }
      } catch {
        continue; // The holder just released it.
      }
      if (Date.now() > deadline) {
        throw new LockdownError('ERR_KEY_STORE', `key store ${file} is locked by another process (${lock})`, {
          file,
        });
      }
      Atomics.wait(pause, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // Already gone (broken as stale by another process); nothing to do.
    }
  }
}
