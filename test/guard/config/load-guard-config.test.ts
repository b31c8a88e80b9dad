import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { createApiKey } from '../../../src/guard/auth/api-key-store.ts';
import { compileGuardPolicy } from '../../../src/guard/config/compile-guard-policy.ts';
import {
  GUARD_CONFIG_SCHEMA_PATH,
  guardConfigJsonSchemaText,
} from '../../../src/guard/config/guard-config-json-schema.ts';
import { loadGuardConfig, mergeConfigLayers } from '../../../src/guard/config/load-guard-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'mcp-lockdown-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string, name = `config-${n++}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function rejects(
  input: Parameters<typeof loadGuardConfig>[0],
  code: string,
  message: RegExp,
): Promise<void> {
  await assert.rejects(loadGuardConfig(input), (err: Error & { code?: string }) => {
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  });
}

const upstream = 'upstream:\n  url: http://127.0.0.1:3000/mcp\n';

describe('loadGuardConfig', () => {
  test('a minimal YAML file gets safe defaults and is deeply frozen', async () => {
    const config = await loadGuardConfig({ file: file(upstream) });
    assert.equal(config.listen.host, '127.0.0.1');
    assert.equal(config.listen.port, 6280);
    assert.equal(config.publicUrl, 'http://127.0.0.1:6280/mcp');
    assert.equal(config.allowUnauthenticated, false);
    assert.equal(config.cors.enabled, false);
    assert.equal(config.audit.logArguments, false);
    assert.equal(config.policy, null);
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.limits));
    assert.ok(Object.isFrozen(config.audit.redact));
    assert.throws(() => {
      (config.listen as { host: string }).host = '0.0.0.0';
    }, TypeError);
  });

  test('a full example config loads (the one in docs/guard-config.md)', async () => {
    const doc = readFileSync(new URL('../../../docs/guard-config.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(yaml, 'docs/guard-config.md has a yaml example');
    const keys = join(dir, 'keys.json');
    createApiKey(keys, 'ci-bot');
    createApiKey(keys, 'alice');
    const path = file(yaml.replace('./keys.json', keys));
    const config = await loadGuardConfig({ file: path });
    assert.equal(config.auth.jwt?.issuer, 'https://auth.example.com');
    assert.ok(compileGuardPolicy(config));
  });

  test('flags override the file; nested objects merge; arrays replace', async () => {
    const path = file(
      `${upstream}listen:\n  port: 7000\n  host: 127.0.0.1\norigins:\n  allowed: [https://a.example]\n`,
    );
    const config = await loadGuardConfig({
      file: path,
      flags: {
        listen: { port: 7001 },
        origins: { allowed: ['https://b.example'] },
        allowUnauthenticated: true,
      },
    });
    assert.equal(config.listen.port, 7001);
    assert.equal(config.listen.host, '127.0.0.1');
    assert.deepEqual(config.origins.allowed, ['https://b.example']);
    assert.equal(config.allowUnauthenticated, true);
    assert.deepEqual(mergeConfigLayers({ a: { b: 1, c: [1] } }, { a: { c: [2], d: undefined } }), {
      a: { b: 1, c: [2] },
    });
  });

  test('derived publicUrl: IPv6 loopback is bracketed; a wildcard host without auth derives none', async () => {
    const v6 = await loadGuardConfig({
      flags: { upstream: { command: 'x' }, listen: { host: '::1', port: 7000 } },
    });
    assert.equal(v6.publicUrl, 'http://[::1]:7000/mcp');
    const any = await loadGuardConfig({ flags: { upstream: { command: 'x' }, listen: { host: '0.0.0.0' } } });
    assert.equal(any.publicUrl, null);
  });

  test('no file: flags alone are a config', async () => {
    const config = await loadGuardConfig({ flags: { upstream: { command: 'node', args: ['server.js'] } } });
    assert.equal(config.upstream.command, 'node');
    assert.deepEqual(config.upstream.args, ['server.js']);
  });

  test('a bad value names its key path', async () => {
    await rejects(
      {
        file: file(`${upstream}auth:\n  jwt:\n    issuer: not-a-url\n    jwksUrl: https://a.example/jwks\n`),
      },
      'ERR_INVALID_CONFIG',
      /auth\.jwt\.issuer: expected a URL/,
    );
    await rejects(
      { file: file(`${upstream}listen:\n  port: 70000\n`) },
      'ERR_INVALID_CONFIG',
      /listen\.port: expected a port/,
    );
    await rejects(
      { file: file(`${upstream}limits:\n  maxBodyBytes: -1\n`) },
      'ERR_INVALID_CONFIG',
      /limits\.maxBodyBytes/,
    );
    await rejects(
      { file: file(`${upstream}cors:\n  enabled: yes please\n`) },
      'ERR_INVALID_CONFIG',
      /cors\.enabled: expected boolean/,
    );
  });

  test('an unknown key is named, at any depth', async () => {
    await rejects(
      { file: file(`${upstream}listne:\n  port: 1\n`) },
      'ERR_INVALID_CONFIG',
      /listne: unknown key/,
    );
    await rejects(
      { file: file(`${upstream}auth:\n  apiKeys:\n    file: k.json\n    fiel: x\n`) },
      'ERR_INVALID_CONFIG',
      /auth\.apiKeys\.fiel: unknown key/,
    );
    await rejects(
      { flags: { upstream: { url: 'http://127.0.0.1:1/', header: {} } as never } },
      'ERR_INVALID_CONFIG',
      /upstream\.header: unknown key/,
    );
  });

  test('missing or contradictory required keys are named', async () => {
    await rejects({ file: file('listen:\n  port: 1\n') }, 'ERR_INVALID_CONFIG', /upstream: is required/);
    await rejects(
      { flags: { upstream: { url: 'http://127.0.0.1:1/', command: 'x' } } },
      'ERR_INVALID_CONFIG',
      /upstream\.url: set exactly one of url or command/,
    );
    await rejects(
      { flags: { upstream: { command: 'x' }, auth: { jwt: { issuer: 'https://a.example' } } } },
      'ERR_INVALID_CONFIG',
      /auth\.jwt\.jwksUrl: set exactly one of jwksUrl or staticKeys/,
    );
    await rejects(
      {
        flags: {
          upstream: { command: 'x' },
          listen: { port: 0 },
          auth: { jwt: { issuer: 'https://a.example', jwksUrl: 'https://a.example/jwks' } },
        },
      },
      'ERR_INVALID_CONFIG',
      /auth\.jwt\.audience: required when publicUrl is unset/,
    );
    await rejects(
      { flags: { upstream: { command: 'x' }, cors: { enabled: true } } },
      'ERR_INVALID_CONFIG',
      /cors\.origins/,
    );
    await rejects(
      {
        flags: {
          upstream: { command: 'x' },
          listen: { host: '0.0.0.0' },
          auth: { apiKeys: { file: 'k.json' } },
        },
      },
      'ERR_INVALID_CONFIG',
      /publicUrl: required when listen\.host is 0\.0\.0\.0/,
    );
  });

  test('JWKS and introspection need https except on loopback', async () => {
    await rejects(
      {
        flags: {
          upstream: { command: 'x' },
          auth: { jwt: { issuer: 'https://a.example', jwksUrl: 'http://a.example/jwks' } },
        },
      },
      'ERR_INVALID_CONFIG',
      /auth\.jwt\.jwksUrl: must use https/,
    );
    await rejects(
      {
        flags: {
          upstream: { command: 'x' },
          auth: { introspection: { url: 'http://10.0.0.5/introspect', clientId: 'a', clientSecret: 'b' } },
        },
      },
      'ERR_INVALID_CONFIG',
      /auth\.introspection\.url: must use https/,
    );
    const ok = await loadGuardConfig({
      flags: {
        upstream: { command: 'x' },
        auth: { jwt: { issuer: 'http://127.0.0.1:1', jwksUrl: 'http://127.0.0.1:1/jwks' } },
      },
    });
    assert.equal(ok.auth.jwt?.jwksUrl, 'http://127.0.0.1:1/jwks');
  });

  test('every problem is reported at once', async () => {
    await assert.rejects(
      loadGuardConfig({ file: file(`${upstream}listen:\n  port: x\n  bogus: 1\nmetrics:\n  enabled: 3\n`) }),
      (err: Error & { details?: { problems?: string[] } }) => {
        assert.deepEqual(err.details?.problems?.length, 3, err.message);
        return true;
      },
    );
  });

  test('unreadable files and bad YAML are ERR_INVALID_CONFIG', async () => {
    await rejects({ file: join(dir, 'missing.yaml') }, 'ERR_INVALID_CONFIG', /cannot read config file/);
    await rejects({ file: file('upstream: [unclosed\n') }, 'ERR_INVALID_CONFIG', /not valid YAML/);
    await rejects({ file: file('- just\n- a list\n') }, 'ERR_INVALID_CONFIG', /expected a mapping/);
    // An alias bomb is refused rather than expanded.
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    await rejects({ file: file(`${bomb.join('\n')}\n`) }, 'ERR_INVALID_CONFIG', /not valid YAML|alias/i);
  });

  test('policy problems are ERR_INVALID_POLICY naming the rule index', async () => {
    await rejects(
      { file: file(`${upstream}policy:\n  - allow: { tools: ['*'] }\n  - deny: { tools: [''] }\n`) },
      'ERR_INVALID_POLICY',
      /policy\[1\]\.deny\.tools\[0\]: pattern is empty/,
    );
    await rejects(
      { file: file(`${upstream}policy:\n  - allow: { tools: ['*'] }\n    principals: { user: [x] }\n`) },
      'ERR_INVALID_POLICY',
      /policy\[0\]\.principals\.user: unknown key/,
    );
  });

  test('policy can live in its own file, relative to the config file', async () => {
    file("- allow: { tools: ['echo'] }\n", 'policy-ok.yaml');
    const config = await loadGuardConfig({ file: file(`${upstream}policy: policy-ok.yaml\n`) });
    assert.deepEqual(config.policy, [{ allow: { tools: ['echo'] } }]);
    file("- allow: { tools: ['echo'] }\n- deny: { tool: ['x'] }\n", 'policy-bad.yaml');
    await rejects(
      { file: file(`${upstream}policy: policy-bad.yaml\n`) },
      'ERR_INVALID_POLICY',
      /policy\[1\]\.deny\.tool: unknown key/,
    );
    await rejects(
      { file: file(`${upstream}policy: nowhere.yaml\n`) },
      'ERR_INVALID_POLICY',
      /cannot read policy file/,
    );
  });

  test('compileGuardPolicy refuses rules naming keys missing from the store', async () => {
    const keys = join(dir, 'store.json');
    createApiKey(keys, 'present');
    const config = await loadGuardConfig({
      flags: {
        upstream: { command: 'x' },
        auth: { apiKeys: { file: keys } },
        policy: [{ principals: { keys: ['present', 'absent'] }, allow: { tools: ['*'] } }],
      },
    });
    assert.throws(() => compileGuardPolicy(config), {
      code: 'ERR_INVALID_POLICY',
      message: /policy\[0\]\.principals\.keys\[1\]/,
    });
  });
});

describe('published JSON Schema', () => {
  test(`${GUARD_CONFIG_SCHEMA_PATH} equals the schema generated from zod (regenerate: node src/guard/config/guard-config-json-schema.ts)`, () => {
    const committed = readFileSync(new URL(`../../../${GUARD_CONFIG_SCHEMA_PATH}`, import.meta.url), 'utf8');
    assert.equal(committed, guardConfigJsonSchemaText());
  });

  test('editors can use it: the docs example validates, a typo does not (ajv, draft 2020-12)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(JSON.parse(guardConfigJsonSchemaText()));
    const doc = readFileSync(new URL('../../../docs/guard-config.md', import.meta.url), 'utf8');
    const example = parseYaml(/```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '');
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...example, listne: {} }), false);
    assert.equal(validate({ ...example, listen: { port: 'x' } }), false);
  });

  test('the schema is strict about unknown keys and documents defaults', () => {
    const schema = JSON.parse(guardConfigJsonSchemaText());
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['upstream']);
    assert.equal(schema.properties.listen.properties.host.default, '127.0.0.1');
    assert.equal(schema.properties.auth.properties.jwt.additionalProperties, false);
  });
});
