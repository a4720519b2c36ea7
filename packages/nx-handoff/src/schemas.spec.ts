import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** generators.json / executors.json point at real files, and every option is documented. */
const pkg = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(pkg, file), 'utf8'));

function entries(): Array<[string, { schema: string; impl: string; description: string }]> {
  const gens = Object.entries<{ factory: string; schema: string; description: string }>(
    readJson('generators.json').generators,
  ).map(
    ([n, g]) =>
      [`generator ${n}`, { schema: g.schema, impl: g.factory, description: g.description }] as [
        string,
        { schema: string; impl: string; description: string },
      ],
  );
  const execs = Object.entries<{ implementation: string; schema: string; description: string }>(
    readJson('executors.json').executors,
  ).map(
    ([n, e]) =>
      [`executor ${n}`, { schema: e.schema, impl: e.implementation, description: e.description }] as [
        string,
        { schema: string; impl: string; description: string },
      ],
  );
  return [...gens, ...execs];
}

describe('generators.json and executors.json', () => {
  it('declare every generator and executor', () => {
    expect(entries().map(([n]) => n)).toEqual([
      'generator init',
      'generator handoff-client',
      'generator handoff-bump',
      'generator sync-assets',
      'executor check',
      'executor pin',
      'executor package',
      'executor cold-test',
      'executor ensure',
      'executor deliver',
      'executor verify',
      'executor regen-proof',
      'executor upscale',
    ]);
  });

  it.each(entries())('%s: implementation and schema exist; schema and every property are described', (_name, e) => {
    expect(existsSync(path.join(pkg, `${e.impl}.ts`))).toBe(true);
    expect(e.description).toEqual(expect.any(String));
    const schema = readJson(e.schema);
    expect(schema.description).toEqual(expect.any(String));
    for (const [prop, def] of Object.entries<{ description?: string }>(schema.properties)) {
      expect([prop, typeof def.description]).toEqual([prop, 'string']);
    }
  });
});
