import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

/** ajv validators for the project's run schema (draft 2020-12) and the official SARIF 2.1.0 schema (draft-04). */

// Both packages are CommonJS with a default export; Node's ESM interop may expose either shape.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: object,
) => void;
type AjvDraft04Class = new (options: { allErrors: boolean; strict: boolean }) => InstanceType<typeof Ajv2020>;
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: unknown }).default ??
  AjvDraft04Module) as AjvDraft04Class;

const runSchema = JSON.parse(
  readFileSync(new URL('../../docs/schema/scan-run.schema.json', import.meta.url), 'utf8'),
);
const sarifSchema = JSON.parse(
  readFileSync(new URL('../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
);

export function runValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(runSchema);
  return {
    run: ajv.getSchema(runSchema.$id) ?? assert.fail('no run schema'),
    result: ajv.getSchema(`${runSchema.$id}#/$defs/scanResult`) ?? assert.fail('no result schema'),
    observation: ajv.getSchema(`${runSchema.$id}#/$defs/observation`) ?? assert.fail('no observation schema'),
  };
}

export function sarifValidator() {
  // The official schema predates ajv's strict mode (unknown formats, loose keywords): validate, don't lint it.
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(sarifSchema);
}
