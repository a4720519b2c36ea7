import * as path from 'node:path';
import { z } from 'zod';
import { HandoffError } from '../errors';
import { makeTempDir, writeTree } from '../testing/fixture-tree';
import { clientConfigSchema } from './client-config';
import { readJsonFile } from './read-json';

async function problemsOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(HandoffError);
    return (err as HandoffError).problems;
  }
  throw new Error('expected a HandoffError');
}

describe('readJsonFile', () => {
  it('reports malformed JSON with file, line and column', async () => {
    const dir = await makeTempDir();
    await writeTree(dir, { 'results.json': '{\n  "jobs": [\n    {"id": "a",}\n  ]\n}\n' });
    const problems = await problemsOf(readJsonFile(path.join(dir, 'results.json'), z.object({}), { displayBase: dir }));
    expect(problems[0]).toMatchObject({ code: 'JSON_SYNTAX', file: 'results.json', line: 3 });
    expect(problems[0].message).toMatch(/malformed JSON/);
  });

  it('accepts comments and trailing commas only in JSONC files', async () => {
    const dir = await makeTempDir();
    await writeTree(dir, { 'a.json': '{\n  // comment\n  "x": 1,\n}\n' });
    const schema = z.object({ x: z.number() });
    await expect(readJsonFile(path.join(dir, 'a.json'), schema, { jsonc: true })).resolves.toEqual({ x: 1 });
    const problems = await problemsOf(readJsonFile(path.join(dir, 'a.json'), schema));
    expect(problems[0].code).toBe('JSON_SYNTAX');
    expect(problems[0].hint).toMatch(/comments/);
  });

  it('reports every schema problem with its field and line', async () => {
    const dir = await makeTempDir();
    await writeTree(dir, {
      'handoff.json':
        '{\n  "client": "Acme",\n  "engagement": "",\n  "version": "one",\n  "date": "2026-02-30",\n  "rights": {"status": "ok"},\n  "support": {"contact": "x"}\n}\n',
    });
    const problems = await problemsOf(
      readJsonFile(path.join(dir, 'handoff.json'), clientConfigSchema, { jsonc: true, displayBase: dir }),
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField.engagement).toMatchObject({ file: 'handoff.json', line: 3 });
    expect(byField.version).toMatchObject({ line: 4 });
    expect(byField.date.message).toMatch(/calendar date/);
  });

  it('names a missing file', async () => {
    const dir = await makeTempDir();
    const problems = await problemsOf(readJsonFile(path.join(dir, 'nope.json'), z.object({}), { displayBase: dir }));
    expect(problems[0]).toMatchObject({ code: 'IO', file: 'nope.json', message: 'file not found' });
  });
});
