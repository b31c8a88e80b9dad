import { z } from 'zod';
import { guardConfigSchema } from './guard-config-schema.ts';

/** Where the published JSON Schema lives, relative to the repository root. */
export const GUARD_CONFIG_SCHEMA_PATH = 'docs/schema/guard-config.schema.json';

/**
 * The JSON Schema of the config file, generated from the zod schema (input side: defaults make keys
 * optional). Editors can validate YAML against it; the guard itself validates with zod, which also runs
 * the checks JSON Schema cannot express (e.g. exactly one of jwksUrl or staticKeys).
 */
export function guardConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(guardConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    title: 'mcp-lockdown guard configuration',
  };
}

/** The file's exact text: stable key order, two-space indent, trailing newline. */
export function guardConfigJsonSchemaText(): string {
  return `${JSON.stringify(guardConfigJsonSchema(), null, 2)}\n`;
}

// `node src/guard/config/guard-config-json-schema.ts` regenerates the committed file.
if (import.meta.main) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(GUARD_CONFIG_SCHEMA_PATH, guardConfigJsonSchemaText());
  process.stdout.write(`wrote ${GUARD_CONFIG_SCHEMA_PATH}\n`);
}
