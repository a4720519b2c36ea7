import { readFileSync } from 'node:fs';
import { HANDOFF_SCHEMA_PATH, buildHandoffJsonSchema, renderHandoffJsonSchema } from './handoff-schema';

describe('schemas/handoff.schema.json', () => {
  it('is up to date with clientConfigSchema (regenerate: node -r @swc-node/register packages/nx-handoff/scripts/generate-schema.ts)', () => {
    expect(readFileSync(HANDOFF_SCHEMA_PATH, 'utf8')).toBe(renderHandoffJsonSchema());
  });

  it('is in input mode: defaulted fields are optional, required ones are listed', () => {
    const schema = buildHandoffJsonSchema() as {
      required: string[];
      properties: Record<string, { description?: string }>;
      additionalProperties: boolean;
    };
    expect(schema.required.sort()).toEqual(['client', 'date', 'engagement', 'rights', 'support', 'version']);
    expect(schema.additionalProperties).toBe(false);
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect([name, prop.description]).toEqual([name, expect.any(String)]);
    }
  });
});
