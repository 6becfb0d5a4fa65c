import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../src/language/json-schema.js';

// The JSON Schema editors use: generated from the one zod schema, checked in at
// packages/scenarios/schema/scenario.schema.json (update with `npx vitest run test/json-schema.test.ts -u`).

describe('the scenario JSON Schema', () => {
  it('is the checked-in file', async () => {
    await expect(scenarioJsonSchemaText()).toMatchFileSnapshot('../schema/scenario.schema.json');
  });

  it('lists every section, refuses unknown ones, and shows defaults', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { default?: unknown; properties?: Record<string, { default?: unknown; description?: string }> }>; additionalProperties: unknown; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'duration', 'regions', 'network', 'topology', 'traffic', 'faults', 'operations', 'targets', 'invariants']));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'duration', 'regions', 'topology', 'traffic']));
    expect(schema.properties.seed.default).toBe(1);
    const client = (schema.properties.traffic.properties?.client ?? {}) as { properties?: Record<string, { default?: unknown }> };
    expect(client.properties?.timeout.default).toBe('2s');
  });

  it('is what the catalog files point editors at', () => {
    const text = readFileSync(new URL('../catalog/queue-basics.yaml', import.meta.url), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/scenario.schema.json');
  });
});
