import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { builtinTemplatesDir, createTemplateEngine } from '@nx-handoff/templates';
import { makeTemplateContext } from '../../../templates/src/fixtures/template-context';
import { changelogEntries, changeLines, diffPins, initialLines, versionLines } from './changes';
import type { LedgerPin, LedgerVersion } from './ledger-schema';

const h = (c: string) => c.repeat(64);
const pin = (id: string, requested: string[]): LedgerPin => ({
  id,
  name: id.split('@')[0],
  version: id.split('@')[1],
  requested,
  source: 'registry',
  capabilities: {},
});

const v1: LedgerVersion = {
  version: 1,
  date: '2026-11-01',
  zip: 'acme-handoff-v1-2026-11-01.zip',
  format: 'zip',
  sha256: h('a'),
  size: 10,
  fileCount: 5,
  pins: [pin('recraftv4@2026-03-15', ['recraftv4']), pin('flux@1', ['flux'])],
  checksums: { 'assets/a.png': h('1'), 'assets/b.png': h('2'), 'assets/c.png': h('3'), 'README.md': h('4') },
  prompts: { 'job-a': h('5'), 'job-b': h('6') },
  changes: ['Initial handoff: 3 assets, 2 prompts, 2 pinned models.'],
  deliveries: [],
};

describe('changeLines', () => {
  it('lists exactly the assets added, removed and changed, prompts changed and models re-pinned', () => {
    const lines = changeLines(
      v1,
      {
        checksums: { 'assets/a.png': h('1'), 'assets/b.png': h('9'), 'assets/d.png': h('7'), 'README.md': h('8') },
        prompts: { 'job-a': h('5'), 'job-b': h('0'), 'job-c': h('c') },
        pins: [pin('recraftv4@2026-06-01', ['recraftv4']), pin('flux@1', ['flux'])],
      },
      ['Refreshed the summer set.'],
    );
    expect(lines).toEqual([
      'Changes since v1 (2026-11-01):',
      'Assets added: `assets/d.png`.',
      'Assets removed: `assets/c.png`.',
      'Assets changed: `assets/b.png`.',
      'Prompts added: `job-c`.',
      'Prompts changed: `job-b`.',
      'Model re-pinned: `recraftv4@2026-03-15` -> `recraftv4@2026-06-01` (requested as `recraftv4`).',
      'Refreshed the summer set.',
    ]);
  });

  it('says so when nothing changed (documents like README.md do not count)', () => {
    const same = { checksums: { ...v1.checksums, 'README.md': h('f') }, prompts: v1.prompts, pins: v1.pins };
    expect(changeLines(v1, same)).toEqual(['No changes to assets, prompts or model pins since v1 (2026-11-01).']);
  });

  it('reports models that appear or go away', () => {
    expect(diffPins(v1.pins, [pin('flux@1', ['flux']), pin('gemini@2', ['gemini'])])).toEqual({
      repinned: [],
      added: ['gemini@2'],
      removed: ['recraftv4@2026-03-15'],
    });
  });

  it('opens the first version with a summary', () => {
    expect(initialLines({ assets: 1, prompts: 2, models: 1 })).toEqual([
      'Initial handoff: 1 asset, 2 prompts, 1 pinned model.',
    ]);
    expect(versionLines(undefined, { checksums: v1.checksums, prompts: v1.prompts, pins: v1.pins })).toEqual(
      v1.changes,
    );
  });
});

describe('the CHANGELOG', () => {
  it('lists this version, then every delivered earlier version as recorded, newest first, with their digests', async () => {
    const ledger = { client: 'acme', versions: [v1, { ...v1, version: 3, date: '2027-02-01' }] };
    const changes = changelogEntries(ledger, 2, '2026-12-01', [
      'Changes since v1 (2026-11-01):',
      'Assets added: `assets/d.png`.',
    ]);
    expect(changes.map((c) => c.version)).toEqual([2, 1]);
    const hb = createTemplateEngine();
    const template = hb.compile(await fs.readFile(path.join(builtinTemplatesDir, 'CHANGELOG.md.hbs'), 'utf8'));
    const text = template(makeTemplateContext({ changes }));
    expect(text).toContain(
      '## [v2] - 2026-12-01\n\n- Changes since v1 (2026-11-01):\n- Assets added: `assets/d.png`.\n',
    );
    expect(text).toContain(
      `## [v1] - 2026-11-01\n\n- Initial handoff: 3 assets, 2 prompts, 2 pinned models.\n\nDelivered zip sha256: \`${h('a')}\``,
    );
    expect(text.indexOf('[v2]')).toBeLessThan(text.indexOf('[v1]'));
    expect(text).not.toContain('[v3]');
  });
});
