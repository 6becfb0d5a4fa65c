import { z } from 'zod';
import { scenarioSchema } from './load.js';

/** Where editors find the schema in this repository (catalog files point at it). */
export const SCENARIO_SCHEMA_FILE = 'packages/scenarios/schema/scenario.schema.json';

/**
 * The scenario language as JSON Schema (draft 2020-12), for editors: with
 * `# yaml-language-server: $schema=<path>/scenario.schema.json` at the top of a file, the YAML
 * language server completes section and field names, shows each field's description with its
 * default, and flags unknown keys. It describes what a file may hold (the schema's input):
 * values with units are strings there, checked by `stormglass validate`.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://stormglass.dev/schema/scenario.schema.json', title: 'Stormglass scenario' };
}

/** The schema as the file holds it: two-space JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
