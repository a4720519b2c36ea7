import * as path from 'node:path';
import { schemaRefFor } from './schema-ref';

describe('schemaRefFor', () => {
  const ws = path.resolve('/ws');

  it('points at the plugin folder when the plugin is a source folder of the workspace', () => {
    expect(schemaRefFor(ws, 'apps/example-client', path.join(ws, 'packages', 'nx-handoff'))).toBe(
      '../../packages/nx-handoff/schemas/handoff.schema.json',
    );
  });

  it('goes through node_modules/nx-handoff when the plugin is installed or linked', () => {
    expect(
      schemaRefFor(
        ws,
        'clients/acme',
        path.join(ws, 'node_modules', '.pnpm', 'nx-handoff@1.0.0', 'node_modules', 'nx-handoff'),
      ),
    ).toBe('../../node_modules/nx-handoff/schemas/handoff.schema.json');
    expect(schemaRefFor(ws, 'clients/2026/acme', path.resolve('/elsewhere/nx-handoff'))).toBe(
      '../../../node_modules/nx-handoff/schemas/handoff.schema.json',
    );
  });
});
