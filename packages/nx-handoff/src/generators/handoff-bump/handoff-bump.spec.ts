import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { clientConfigSchema, parseAndValidate } from '@nx-handoff/core/config';
import { bumpConfigText, handoffBumpGenerator, todayUtc } from './handoff-bump';

const CONFIG = `{
  // Acme's handoff: edit the fields, keep the comments.
  "$schema": "../../node_modules/nx-handoff/schemas/handoff.schema.json",
  "name": "acme",
  "client": "Acme",
  "engagement": "2026 retainer",
  // bumped by nx g nx-handoff:handoff-bump
  "version": 1,
  "date": "2026-11-01",
  "rights": { "status": "all generated" },
  "support": { "contact": "Jo <jo@agency.example>" },
  "changelog": ["Old note"], // notes of this version
}
`;

const LEDGER = {
  client: 'acme',
  versions: [
    {
      version: 1,
      date: '2026-11-01',
      zip: 'acme-handoff-v1-2026-11-01.zip',
      format: 'zip',
      sha256: 'a'.repeat(64),
      size: 1,
      fileCount: 1,
      pins: [],
      checksums: {},
      prompts: {},
      changes: ['Initial handoff: 0 assets, 0 prompts, 0 pinned models.'],
      deliveries: [],
    },
  ],
};

const read = (tree: Tree, file = 'clients/acme/handoff.json') =>
  parseAndValidate(tree.read(file, 'utf8')!, file, clientConfigSchema, { jsonc: true });

describe('handoff-bump generator', () => {
  let tree: Tree;
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('clients/acme/handoff.json', CONFIG);
    tree.write('clients/acme/handoff-ledger.json', JSON.stringify(LEDGER));
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('increments the version, dates it, opens the changelog and keeps every comment', async () => {
    await handoffBumpGenerator(tree, { name: 'acme', date: '2026-12-01' });
    const text = tree.read('clients/acme/handoff.json', 'utf8')!;
    expect(text).toContain("// Acme's handoff: edit the fields, keep the comments.");
    expect(text).toContain('// bumped by nx g nx-handoff:handoff-bump\n  "version": 2,\n  "date": "2026-12-01",');
    expect(text).toContain('"changelog": [], // notes of this version');
    expect(read(tree)).toMatchObject({ version: 2, date: '2026-12-01', changelog: [], repin: false });
    expect(info.mock.calls.flat().join('\n')).toContain(`compared with v1 (sha256 ${'a'.repeat(12)}…)`);
    expect(warn).not.toHaveBeenCalled();
  });

  it('--repin sets repin, and the next bump clears it', async () => {
    await handoffBumpGenerator(tree, { name: 'acme', date: '2026-12-01', repin: true });
    expect(read(tree).repin).toBe(true);
    await handoffBumpGenerator(tree, { name: 'acme', date: '2026-12-02' });
    expect(read(tree)).toMatchObject({ version: 3, repin: false });
    expect(tree.read('clients/acme/handoff.json', 'utf8')).not.toContain('"repin"');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('v2 of acme is not in clients/acme/handoff-ledger.json'));
  });

  it('defaults the date to today (UTC) and refuses going back in time', async () => {
    const today = todayUtc();
    await handoffBumpGenerator(tree, { name: 'acme' });
    expect(read(tree).date).toBe(today);
    await expect(handoffBumpGenerator(tree, { name: 'acme', date: '2020-01-01' })).rejects.toThrow(
      /before the current version/,
    );
    await expect(handoffBumpGenerator(tree, { name: 'acme', date: '2027-02-30' })).rejects.toThrow(/not a date/);
  });

  it('finds a client outside clients/ by its name, and names the problem when there is none', async () => {
    tree.write('agency/work/northwind-client/handoff.json', CONFIG.replace('"name": "acme"', '"name": "northwind"'));
    await handoffBumpGenerator(tree, { name: 'northwind', date: '2026-12-01' });
    expect(read(tree, 'agency/work/northwind-client/handoff.json').version).toBe(2);
    await expect(handoffBumpGenerator(tree, { name: 'globex' })).rejects.toThrow(/no client named "globex"/);
  });

  it("adds changelog to a file that has none, with the file's indentation", () => {
    const text = '{\n    "version": 4,\n    "date": "2026-01-01"\n}\n';
    expect(bumpConfigText(text, { version: 4 }, '2026-02-01', false)).toBe(
      '{\n    "version": 5,\n    "date": "2026-02-01",\n    "changelog": []\n}\n',
    );
  });
});
