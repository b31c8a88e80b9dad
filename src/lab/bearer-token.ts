import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random lab token per lab start: nothing guessable, nothing reused across runs. */
export function newLabToken(): string {
  return randomBytes(32).toString('base64url');
}

export type BearerVerdict = 'missing' | 'invalid' | 'ok';

/** Compares the presented bearer token with the lab token in constant time (hashes equalize lengths). */
export function checkBearer(req: IncomingMessage, token: string): BearerVerdict {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') return 'missing';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return 'invalid';
  const presented = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(presented, expected) ? 'ok' : 'invalid';
}
