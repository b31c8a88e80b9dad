import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../src/errors.ts';
import { SCAN_STATUSES } from '../src/scan/status.ts';

const read = (p: string) => readFile(new URL(`../${p}`, import.meta.url), 'utf8');

describe('everything users can meet is documented', () => {
  it('every error code has a row in docs/errors.md', async () => {
    const doc = await read('docs/errors.md');
    for (const code of Object.keys(ERROR_CODES))
      assert.match(doc, new RegExp(`\\|\\s*\`${code}\`\\s*\\|`), `${code} documented`);
  });

  it('every scan status has a row in docs/statuses.md', async () => {
    const doc = await read('docs/statuses.md');
    for (const status of SCAN_STATUSES)
      assert.match(doc, new RegExp(`\\|\\s*\`${status}\`\\s*\\|`), `${status} documented`);
  });
});
