import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { anonymousPrincipal, type Principal } from '../../src/guard/auth/principal.ts';
import { compilePolicy } from '../../src/policy/compile-policy.ts';
import { decide, filterListed } from '../../src/policy/decide.ts';
import { globMatch } from '../../src/policy/glob.ts';
import type { PolicyRuleInput } from '../../src/policy/policy-schema.ts';
import { scopeCovers } from '../../src/policy/scopes.ts';

function principal(over: Partial<Principal> = {}): Principal {
  return {
    id: 'key:alice',
    kind: 'api-key',
    name: 'alice',
    sub: null,
    clientId: null,
    scopes: [],
    groups: [],
    claims: {},
    ...over,
  };
}

const alice = principal();
const bob = principal({
  id: 'oauth:sub:bob',
  kind: 'jwt',
  name: null,
  sub: 'bob',
  clientId: 'web',
  groups: ['ops'],
});

describe('decide', () => {
  test('no policy allows everything', () => {
    assert.deepEqual(decide(null, alice, { kind: 'tool', name: 'rm_rf' }), {
      allow: true,
      rule: 'no-policy',
      requiredScopes: [],
    });
    assert.equal(decide(compilePolicy([]), alice, { kind: 'tool', name: 'x' }).rule, 'no-policy');
  });

  test('with a policy, what is not allowed is denied', () => {
    const p = compilePolicy([{ allow: { tools: ['read_*'] } }]);
    assert.equal(decide(p, alice, { kind: 'tool', name: 'read_file' }).allow, true);
    assert.deepEqual(decide(p, alice, { kind: 'tool', name: 'write_file' }), {
      allow: false,
      rule: 'default-deny',
      requiredScopes: [],
    });
    assert.equal(decide(p, alice, { kind: 'prompt', name: 'read_x' }).allow, false, 'kinds are separate');
  });

  test('deny wins over allow, in any rule order', () => {
    const rules: PolicyRuleInput[] = [{ allow: { tools: ['*'] } }, { deny: { tools: ['exec*'] } }];
    for (const order of [rules, [...rules].reverse()]) {
      const p = compilePolicy(order);
      const d = decide(p, alice, { kind: 'tool', name: 'exec_command' });
      assert.equal(d.allow, false);
      assert.match(d.rule, /^policy\[\d\]\.deny$/);
      assert.equal(decide(p, alice, { kind: 'tool', name: 'echo' }).allow, true);
    }
  });

  test('principal matchers: keys, subs, clientIds, groups, scopes, anonymous; AND across fields', () => {
    const p = compilePolicy([
      { principals: { keys: ['alice'] }, allow: { tools: ['a'] } },
      { principals: { subs: ['bob'], clientIds: ['web'] }, allow: { tools: ['b'] } },
      { principals: { subs: ['bob'], clientIds: ['other'] }, allow: { tools: ['b2'] } },
      { principals: { groups: ['ops'] }, allow: { resources: ['file:///var/log/*'] } },
      { principals: { scopes: ['files:read'] }, allow: { tools: ['read_file'] } },
      { principals: { anonymous: true }, allow: { tools: ['ping'] } },
    ]);
    assert.equal(decide(p, alice, { kind: 'tool', name: 'a' }).allow, true);
    assert.equal(decide(p, bob, { kind: 'tool', name: 'a' }).allow, false);
    assert.equal(decide(p, bob, { kind: 'tool', name: 'b' }).allow, true);
    assert.equal(decide(p, bob, { kind: 'tool', name: 'b2' }).allow, false, 'clientIds must match too');
    assert.equal(decide(p, bob, { kind: 'resource', name: 'file:///var/log/syslog' }).allow, true);
    assert.equal(decide(p, alice, { kind: 'resource', name: 'file:///var/log/syslog' }).allow, false);
    assert.equal(
      decide(p, principal({ scopes: ['files:*'] }), { kind: 'tool', name: 'read_file' }).allow,
      true,
    );
    assert.equal(decide(p, anonymousPrincipal(), { kind: 'tool', name: 'ping' }).allow, true);
    assert.equal(decide(p, alice, { kind: 'tool', name: 'ping' }).allow, false);
    // A JWT whose sub happens to equal a key name is not that key.
    assert.equal(
      decide(p, principal({ kind: 'jwt', name: 'alice' }), { kind: 'tool', name: 'a' }).allow,
      false,
    );
  });

  test('requireScopes: step-up lists every required scope; satisfied scopes allow', () => {
    const p = compilePolicy([
      { allow: { tools: ['*'] }, requireScopes: { 'delete_*': ['files:write'], '*_all': ['admin'] } },
    ]);
    const d = decide(p, alice, { kind: 'tool', name: 'delete_all' });
    assert.deepEqual(d, {
      allow: false,
      rule: 'policy[0].requireScopes',
      requiredScopes: ['files:write', 'admin'],
    });
    const half = decide(p, principal({ scopes: ['files:write'] }), { kind: 'tool', name: 'delete_all' });
    assert.deepEqual(half.requiredScopes, ['files:write', 'admin'], 'all of them, not only the missing one');
    const full = decide(p, principal({ scopes: ['files', 'admin'] }), { kind: 'tool', name: 'delete_all' });
    assert.deepEqual(full, { allow: true, rule: 'policy[0].allow', requiredScopes: [] });
    assert.equal(decide(p, alice, { kind: 'tool', name: 'echo' }).allow, true);
  });

  test('overlong names are denied under a policy, so they cannot slip past a deny pattern', () => {
    const p = compilePolicy([{ allow: { tools: ['*'] }, deny: { tools: ['exec*'] } }]);
    const d = decide(p, alice, { kind: 'tool', name: `exec${'x'.repeat(5000)}` });
    assert.deepEqual(d, { allow: false, rule: 'name-too-long', requiredScopes: [] });
  });

  test('deny beats step-up: a denied tool never asks for scopes', () => {
    const p = compilePolicy([
      { allow: { tools: ['*'] }, deny: { tools: ['nuke'] }, requireScopes: { nuke: ['admin'] } },
    ]);
    assert.deepEqual(decide(p, alice, { kind: 'tool', name: 'nuke' }), {
      allow: false,
      rule: 'policy[0].deny',
      requiredScopes: [],
    });
  });

  test('filterListed shows allowed and step-up items, hides denied ones', () => {
    const p = compilePolicy([
      {
        allow: { tools: ['*'], resources: ['mem://*'] },
        deny: { tools: ['exec'] },
        requireScopes: { admin_tool: ['admin'] },
      },
    ]);
    const tools = [{ name: 'echo' }, { name: 'exec' }, { name: 'admin_tool' }, {}];
    assert.deepEqual(
      filterListed(p, alice, 'tool', tools).map((t) => t.name),
      ['echo', 'admin_tool'],
    );
    const resources = [
      { uri: 'mem://a', name: 'a' },
      { uri: 'file:///etc/passwd', name: 'mem://x' },
    ];
    assert.deepEqual(
      filterListed(p, alice, 'resource', resources).map((r) => r.uri),
      ['mem://a'],
      'resources match by uri, not name',
    );
    assert.equal(filterListed(null, alice, 'tool', tools), tools);
  });
});

describe('compilePolicy validation', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[{ allow: { tools: [''] } }], /policy\[0\]\.allow\.tools\[0\]: pattern is empty/],
    [[{}, { alow: { tools: ['x'] } }], /policy\[1\]\.alow: unknown key/],
    [[{ principals: { kyes: ['a'] } }], /policy\[0\]\.principals\.kyes: unknown key/],
    [[{ allow: { tools: 'x' } }], /policy\[0\]\.allow\.tools: expected array/],
    [
      [{ requireScopes: { x: ['has space'] } }],
      /policy\[0\]\.requireScopes\.x\[0\]: not a valid OAuth scope/,
    ],
    [[{ requireScopes: { x: [] } }], /policy\[0\]\.requireScopes\.x: list at least one scope/],
    [[{ deny: { prompts: ['a\u0000b'] } }], /control characters/],
    [{ allow: {} }, /policy: expected array/],
  ];
  for (const [rules, message] of cases) {
    test(`rejects ${JSON.stringify(rules)}`, () => {
      assert.throws(
        () => compilePolicy(rules),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'ERR_INVALID_POLICY');
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  test('unknown API key names are rejected when the store names are given', () => {
    const rules = [
      { allow: { tools: ['*'] } },
      { principals: { keys: ['alice', 'mallory'] }, allow: { tools: ['*'] } },
    ];
    assert.throws(() => compilePolicy(rules, { apiKeyNames: ['alice'] }), {
      code: 'ERR_INVALID_POLICY',
      message: /policy\[1\]\.principals\.keys\[1\]: no API key named "mallory"/,
    });
    assert.doesNotThrow(() => compilePolicy(rules, { apiKeyNames: ['alice', 'mallory'] }));
  });

  test('the compiled policy is frozen', () => {
    const p = compilePolicy([{ allow: { tools: ['a'] } }]);
    assert.ok(Object.isFrozen(p));
    assert.ok(Object.isFrozen(p.rules));
    assert.ok(Object.isFrozen(p.source[0]?.allow?.tools));
  });
});

describe('globs and scopes', () => {
  test('globs: * and ? only; everything else is literal', () => {
    assert.equal(globMatch('read_*', 'read_file'), true);
    assert.equal(globMatch('read_*', 'xread_file'), false);
    assert.equal(globMatch('a?c', 'abc'), true);
    assert.equal(globMatch('a?c', 'ac'), false);
    assert.equal(globMatch('a.c', 'abc'), false);
    assert.equal(globMatch('file:///tmp/*', 'file:///tmp/a/b'), true);
    assert.equal(globMatch('(x)+[y]', '(x)+[y]'), true);
    assert.equal(globMatch('Tool', 'tool'), false, 'case-sensitive');
  });

  test('property: a pattern without wildcards matches exactly itself', () => {
    const literal = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => !/[*?\u0000-\u001f\u007f]/.test(s));
    fc.assert(
      fc.property(literal, fc.string({ maxLength: 30 }), (p, other) => {
        assert.equal(globMatch(p, p), true);
        assert.equal(globMatch(p, other), other === p);
      }),
    );
  });

  test('property: prefix* matches exactly the strings with that prefix; no catastrophic backtracking', () => {
    const literal = fc.string({ maxLength: 10 }).filter((s) => !/[*?\u0000-\u001f\u007f]/.test(s));
    fc.assert(
      fc.property(literal, fc.string({ maxLength: 30 }), (prefix, s) => {
        assert.equal(globMatch(`${prefix}*`, s), s.startsWith(prefix));
      }),
    );
    const t0 = Date.now();
    assert.equal(globMatch(`${'*a'.repeat(40)}b`, 'a'.repeat(4096)), false);
    assert.equal(globMatch(`${'*a'.repeat(40)}*`, 'a'.repeat(4096)), true);
    assert.ok(Date.now() - t0 < 500, `took ${Date.now() - t0} ms`);
  });

  test('property: glob matching agrees with a regular-expression reference', () => {
    const pat = fc
      .array(fc.constantFrom('a', 'b', '*', '?', '.', '\u00e9', '\u{1f600}'), { minLength: 1, maxLength: 8 })
      .map((a) => a.join(''));
    const val = fc
      .array(fc.constantFrom('a', 'b', '.', '\u00e9', '\u{1f600}'), { maxLength: 10 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(pat, val, (p, v) => {
        const source = Array.from(p)
          .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.]/g, '\\.')))
          .join('');
        assert.equal(globMatch(p, v), new RegExp(`^${source}$`, 'su').test(v), `${p} vs ${v}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('scope hierarchy: equal, parent, and :* wildcard', () => {
    assert.equal(scopeCovers('files:read', 'files:read'), true);
    assert.equal(scopeCovers('files', 'files:read'), true);
    assert.equal(scopeCovers('files:*', 'files:read'), true);
    assert.equal(scopeCovers('files:*', 'files:read:meta'), true);
    assert.equal(scopeCovers('files:*', 'files'), false);
    assert.equal(scopeCovers('files', 'filesystem'), false);
    assert.equal(scopeCovers('files:read', 'files'), false);
    assert.equal(scopeCovers('*', 'files'), false, 'a bare * is not a superuser scope');
  });
});

// ---- properties over random policies ----

const NAMES = ['a', 'ab', 'b', 'exec', 'read_x', 'x:y'];
const PATTERNS = ['*', 'a*', 'a?', 'b', 'exec', 'read_*', 'x:*', 'zzz'];
const KINDS = ['tool', 'resource', 'prompt'] as const;
const FIELDS = { tool: 'tools', resource: 'resources', prompt: 'prompts' } as const;

const targetsArb = fc.record(
  {
    tools: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 3 }),
    resources: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 2 }),
    prompts: fc.array(fc.constantFrom(...PATTERNS), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const ruleArb: fc.Arbitrary<PolicyRuleInput> = fc.record(
  {
    principals: fc.record(
      {
        keys: fc.array(fc.constantFrom('alice', 'bob'), { minLength: 1, maxLength: 2 }),
        groups: fc.array(fc.constantFrom('ops', 'dev'), { minLength: 1, maxLength: 2 }),
        scopes: fc.array(fc.constantFrom('s1', 's2', 's:*'), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    allow: targetsArb,
    deny: targetsArb,
    requireScopes: fc.dictionary(
      fc.constantFrom(...PATTERNS),
      fc.array(fc.constantFrom('s1', 's2', 's:x'), { minLength: 1, maxLength: 2 }),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);
const principalArb = fc
  .record({
    name: fc.constantFrom('alice', 'bob', 'carol'),
    groups: fc.subarray(['ops', 'dev']),
    scopes: fc.subarray(['s1', 's2', 's:x', 's:*']),
  })
  .map(({ name, groups, scopes }) => principal({ id: `key:${name}`, name, groups, scopes }));
const requestArb = fc.record({ kind: fc.constantFrom(...KINDS), name: fc.constantFrom(...NAMES) });

describe('policy properties', () => {
  test('deny always wins; with a policy, unmatched is denied; allowed means some rule allows', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 5 }),
        principalArb,
        requestArb,
        (rules, who, req) => {
          const p = compilePolicy(rules);
          const d = decide(p, who, req);
          const applies = p.rules.filter((r) => r.appliesTo(who));
          const denied = applies.some((r) => r.deny[req.kind](req.name));
          const allowed = applies.some((r) => r.allow[req.kind](req.name));
          if (denied) {
            assert.equal(d.allow, false);
            assert.match(d.rule, /\.deny$/);
            assert.deepEqual(d.requiredScopes, []);
          }
          if (!allowed) assert.equal(d.allow, false);
          if (!allowed && !denied) assert.equal(d.rule, 'default-deny');
          if (d.allow) {
            assert.ok(allowed && !denied);
            assert.match(d.rule, /\.allow$/);
          }
          if (d.requiredScopes.length > 0) assert.equal(d.allow, false);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('matches an independent reference model built from the raw rules', () => {
    const matches = (patterns: readonly string[] | undefined, name: string) =>
      (patterns ?? []).some((p) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\:]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(name),
      );
    const covers = (granted: string[], s: string) =>
      granted.some(
        (g) =>
          g === s ||
          (g.endsWith(':*') && s.startsWith(g.slice(0, -1)) && s.length > g.length - 1) ||
          s.startsWith(`${g}:`),
      );
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), principalArb, requestArb, (rules, who, req) => {
        const applies = rules.filter((r) => {
          const m = r.principals;
          if (!m) return true;
          if (m.keys && !m.keys.includes(who.name ?? '')) return false;
          if (m.groups && !m.groups.some((g) => who.groups.includes(g))) return false;
          if (m.scopes && !m.scopes.some((s) => covers(who.scopes, s))) return false;
          return true;
        });
        const field = FIELDS[req.kind];
        let expected: boolean;
        if (rules.length === 0) expected = true;
        else if (applies.some((r) => matches(r.deny?.[field], req.name))) expected = false;
        else if (!applies.some((r) => matches(r.allow?.[field], req.name))) expected = false;
        else if (req.kind !== 'tool') expected = true;
        else {
          const needed = applies.flatMap((r) =>
            Object.entries(r.requireScopes ?? {})
              .filter(([pat]) => matches([pat], req.name))
              .flatMap(([, s]) => s),
          );
          expected = needed.every((s) => covers(who.scopes, s));
        }
        assert.equal(decide(compilePolicy(rules), who, req).allow, expected);
      }),
      { numRuns: 1000 },
    );
  });

  test('filterListed returns exactly the items decide allows or would allow after step-up', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 4 }), principalArb, (rules, who) => {
        const p = compilePolicy(rules);
        const items = NAMES.map((name) => ({ name }));
        const listed = filterListed(p, who, 'tool', items).map((i) => i.name);
        const expected = NAMES.filter((name) => {
          const d = decide(p, who, { kind: 'tool', name });
          return d.allow || d.requiredScopes.length > 0;
        });
        assert.deepEqual(listed, expected);
      }),
    );
  });
});
