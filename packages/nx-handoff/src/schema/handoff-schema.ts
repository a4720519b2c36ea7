import * as path from 'node:path';
import { z } from 'zod';
import { clientConfigSchema } from '@nx-handoff/core/config';

/** The committed JSON schema of handoff.json, generated from the zod schema the pipeline validates with. */
export const HANDOFF_SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'schemas', 'handoff.schema.json');

/**
 * Input mode: fields with defaults are optional, as a user writes the file. Draft-07 for the
 * widest editor support; `allowComments`/`allowTrailingCommas` tell VS Code the file is JSONC.
 */
export function buildHandoffJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(clientConfigSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'https://nx-handoff.dev/schemas/handoff.schema.json',
    title: 'nx-handoff client configuration (handoff.json)',
    allowComments: true,
    allowTrailingCommas: true,
    ...rest,
  };
}

/** File content exactly as committed. */
export function renderHandoffJsonSchema(): string {
  return `${JSON.stringify(buildHandoffJsonSchema(), null, 2)}\n`;
}
