/**
 * Regenerate packages/nx-handoff/schemas/handoff.schema.json from clientConfigSchema.
 *   node -r @swc-node/register packages/nx-handoff/scripts/generate-schema.ts [--check]
 * --check exits 1 when the committed file is out of date (the spec does the same in `npm test`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { HANDOFF_SCHEMA_PATH, renderHandoffJsonSchema } from '../src/schema/handoff-schema';

const next = renderHandoffJsonSchema();
let current = '';
try {
  current = readFileSync(HANDOFF_SCHEMA_PATH, 'utf8');
} catch {
  // first generation
}
if (process.argv.includes('--check')) {
  if (current !== next) {
    console.error(
      `${HANDOFF_SCHEMA_PATH} is out of date: run node -r @swc-node/register packages/nx-handoff/scripts/generate-schema.ts`,
    );
    process.exit(1);
  }
  console.log('handoff.schema.json is up to date');
} else if (current === next) {
  console.log('handoff.schema.json already up to date');
} else {
  writeFileSync(HANDOFF_SCHEMA_PATH, next);
  console.log(`wrote ${HANDOFF_SCHEMA_PATH}`);
}
