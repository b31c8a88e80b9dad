import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Writes a target file of `lines` lines for the memory run: mostly `127.0.0.1:PORT` over closed
 * ports, plus comments, blank lines, invalid lines (each becomes an invalid-target result with its
 * line number) and small loopback CIDRs (scanned on `--ports`, which the caller sets to a closed port).
 */
export async function writeTargetFile(path: string, lines: number, firstPort: number, lastPort: number) {
  const out = createWriteStream(path);
  const span = lastPort - firstPort + 1;
  const kinds = { hostPort: 0, comment: 0, blank: 0, invalid: 0, cidr: 0 };
  let chunk = '';
  for (let i = 0; i < lines; i++) {
    let line: string;
    if (i % 100 === 1) {
      line = `# comment ${i}`;
      kinds.comment++;
    } else if (i % 100 === 2) {
      line = '';
      kinds.blank++;
    } else if (i % 50 === 3) {
      line = i % 2 === 0 ? `127.0.0.${i % 7}:99999` : `not a target ${i}`;
      kinds.invalid++;
    } else if (i % 200 === 4) {
      line = '127.0.0.0/30';
      kinds.cidr++;
    } else {
      line = `127.0.0.1:${firstPort + (i % span)}`;
      kinds.hostPort++;
    }
    chunk += `${line}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return kinds;
}
