import { parseArgs } from 'node:util';
import { isLockdownError } from '../errors.ts';
import { createApiKey, readKeyStore, revokeApiKey } from '../guard/auth/api-key-store.ts';
import { EXIT } from './cli-io.ts';

/** Where streams go; process.stdout and process.stderr fit. */
export interface KeysIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const DEFAULT_KEYS_FILE = 'mcp-lockdown-keys.json';

const USAGE = `Usage:
  mcp-lockdown keys create NAME [--scope SCOPE]... [--file FILE]   print a new key once, store its hash
  mcp-lockdown keys list [--json] [--file FILE]                     list keys (never the keys themselves)
  mcp-lockdown keys revoke NAME [--file FILE]                       revoke every active key with NAME

FILE defaults to ./${DEFAULT_KEYS_FILE} (written with mode 0600). Use it as auth.apiKeys.file.
`;

/** `mcp-lockdown keys ...`. argv is everything after `keys`. Exit codes (cli-io EXIT): 0 ok; 2 usage (bad arguments, bad name, no such key); 3 fault (store unreadable). */
export async function runKeysCommand(argv: readonly string[], io: KeysIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.stderr.write(`keys: ${(err as Error).message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [sub, name, ...extra] = positionals;
  if (values.help === true || sub === undefined || sub === 'help') {
    (values.help === true || sub === 'help' ? io.stdout : io.stderr).write(USAGE);
    return values.help === true || sub === 'help' ? EXIT.ok : EXIT.usage;
  }
  const file = values.file ?? DEFAULT_KEYS_FILE;
  const needsName = sub === 'create' || sub === 'revoke';
  if ((needsName && name === undefined) || extra.length > 0 || (!needsName && name !== undefined)) {
    io.stderr.write(`keys ${sub}: wrong arguments\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    switch (sub) {
      case 'create': {
        const { key, record } = createApiKey(file, name!, values.scope ?? []);
        io.stdout.write(`${key}\n`);
        io.stderr.write(
          `Created key ${JSON.stringify(record.name)} in ${file}. Copy it now: it is not stored and will not be shown again.\n` +
            `Clients send it as: Authorization: Bearer <key>\n`,
        );
        return EXIT.ok;
      }
      case 'list': {
        const store = readKeyStore(file, { missingOk: true });
        if (values.json === true) {
          const rows = store.keys.map(({ hash: _hash, ...rest }) => rest);
          io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return EXIT.ok;
        }
        if (store.keys.length === 0) {
          io.stdout.write(`No keys in ${file}.\n`);
          return EXIT.ok;
        }
        for (const k of store.keys) {
          const status = k.revokedAt === null ? 'active' : `revoked ${k.revokedAt}`;
          const scopes = k.scopes.length > 0 ? `  scopes: ${k.scopes.join(' ')}` : '';
          io.stdout.write(`${k.name}\t${k.prefix}…\tcreated ${k.createdAt}\t${status}${scopes}\n`);
        }
        return EXIT.ok;
      }
      case 'revoke': {
        const revoked = revokeApiKey(file, name!);
        io.stdout.write(`Revoked ${revoked.length} key(s) named ${JSON.stringify(name)}.\n`);
        return EXIT.ok;
      }
      default:
        io.stderr.write(`keys: unknown subcommand ${JSON.stringify(sub)}\n\n${USAGE}`);
        return EXIT.usage;
    }
  } catch (err) {
    if (isLockdownError(err)) {
      io.stderr.write(`keys ${sub}: ${err.message} (${err.code})\n`);
      return err.code === 'ERR_INVALID_OPTION' ? EXIT.usage : EXIT.fault;
    }
    throw err;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string', short: 'f' },
      scope: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
