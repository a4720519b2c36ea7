import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { isHandoffError } from '../errors';
import { runColdTest, runPackage } from '../pipeline';
import { buildExampleBundle, fakeGenAi } from '../regen-proof/testing/example-bundle';
import { createGenAiClient } from '../genai/client';
import { makeTempDir } from '../testing/fixture-tree';
import { runUpscale } from './upscale';

jest.setTimeout(180_000);

const MENU = 'deliverables/spring-launch/menu-board-3x4.png';
const MENU_X2 = 'deliverables/spring-launch/upscaled/menu-board-3x4-x2.png';

describe('runUpscale on a copy of the example client (fake gen-ai)', () => {
  let workspaceRoot: string;
  let clientRoot: string;
  let home: string;
  beforeAll(async () => {
    ({ workspaceRoot, clientRoot } = await buildExampleBundle());
    home = await makeTempDir('nx-handoff-upscale-home-');
  });

  it('writes a 2x copy and its results.json record beside the source; the next package ships it, pinned and cold-tested', async () => {
    const result = await runUpscale({
      workspaceRoot,
      clientRoot,
      assets: ['**/menu-board-*.png', 'assets/spring-launch/pack-shot-*'],
      genAi: fakeGenAi(home),
    });
    expect(result).toMatchObject({
      version: 1,
      upscaler: 'topaz-upscale-image@2026-01-12',
      records: ['deliverables/spring-launch/upscaled/results.json'],
    });
    expect(result.files.sort()).toEqual([
      MENU_X2,
      'deliverables/spring-launch/upscaled/pack-shot-bloom-1x1-a-x2.png',
      'deliverables/spring-launch/upscaled/pack-shot-bloom-1x1-b-x2.png',
    ]);
    const source = PNG.sync.read(readFileSync(path.join(clientRoot, MENU)));
    const copy = PNG.sync.read(readFileSync(path.join(clientRoot, MENU_X2)));
    expect([copy.width, copy.height]).toEqual([source.width * 2, source.height * 2]);
    const record = JSON.parse(
      readFileSync(path.join(clientRoot, 'deliverables/spring-launch/upscaled/results.json'), 'utf8'),
    );
    expect(record.jobs.map((j: { id: string }) => j.id)).toEqual([
      'nw-spring-002-x2-1',
      'nw-spring-002-x2-2',
      'nw-spring-003-x2',
    ]);
    expect(record.jobs[2]).toMatchObject({
      model: 'topaz-upscale-image@2026-01-12',
      sourceAsset: 'assets/spring-launch/menu-board-3x4.png',
      sourceJob: 'nw-spring-003',
      scale: 2,
      output: 'menu-board-3x4-x2.png',
    });

    const noCli = createGenAiClient({ bin: path.join(home, 'no-gen-ai') });
    const { result: pkg } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { report } = await runColdTest({ zip: pkg.zipPath, genAi: noCli, client: { workspaceRoot, clientRoot } });
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    // --all: upscaled copies have no generate payload; the generated jobs are still all checked.
    const all = (
      await runColdTest({ zip: pkg.zipPath, genAi: noCli, all: true, reportFile: path.join(home, 'all.json') })
    ).report;
    expect(all.checks.find((c) => c.name === 'regeneration')).toMatchObject({
      status: 'offline',
      summary: expect.stringContaining('payload of 10 jobs'),
    });
    const x = await makeTempDir('nx-handoff-upscale-x-');
    require('node:child_process').execFileSync('unzip', ['-q', pkg.zipPath, '-d', x]);
    const top = path.join(x, 'example-client-handoff-v1');
    const library = JSON.parse(readFileSync(path.join(top, 'prompts/prompt-library.json'), 'utf8'));
    // 10 generated jobs (checked by the --all cold test above) + 3 upscaled copies.
    expect(
      library.jobs.filter((j: { params: { operation?: string } }) => j.params.operation !== 'upscale'),
    ).toHaveLength(10);
    expect(library.jobs).toHaveLength(13);
    const job = library.jobs.find((j: { id: string }) => j.id === 'nw-spring-003-x2');
    expect(job).toMatchObject({
      model: 'topaz-upscale-image@2026-01-12',
      outputs: ['assets/spring-launch/upscaled/menu-board-3x4-x2.png'],
      params: { sourceAsset: 'assets/spring-launch/menu-board-3x4.png', operation: 'upscale' },
    });
    const pins = JSON.parse(readFileSync(path.join(top, 'docs/model-pins.json'), 'utf8'));
    expect(pins.models.map((m: { id: string }) => m.id)).toContain('topaz-upscale-image@2026-01-12');
    expect(readFileSync(path.join(top, 'checksums.sha256'), 'utf8')).toContain(
      'assets/spring-launch/upscaled/menu-board-3x4-x2.png',
    );
  });

  it('refuses a delivered version with the bump fix, before any upscale', async () => {
    const ledger = {
      client: 'example-client',
      versions: [
        {
          version: 1,
          date: '2026-11-20',
          zip: 'z.zip',
          format: 'zip',
          sha256: 'a'.repeat(64),
          size: 1,
          fileCount: 1,
          pins: [],
          checksums: {},
          prompts: {},
          changes: [],
          deliveries: [],
        },
      ],
    };
    await fs.writeFile(path.join(clientRoot, 'handoff-ledger.json'), JSON.stringify(ledger));
    const log = path.join(home, 'delivered.jsonl');
    const err = await runUpscale({ workspaceRoot, clientRoot, genAi: fakeGenAi(home, { FAKE_GENAI_LOG: log }) }).catch(
      (e: unknown) => e,
    );
    expect(isHandoffError(err) && err.code).toBe('VERSION_EXISTS');
    expect(isHandoffError(err) && err.problems[0].hint).toContain('nx g nx-handoff:handoff-bump example-client');
    expect(existsSync(log)).toBe(false);
    await fs.rm(path.join(clientRoot, 'handoff-ledger.json'));
  });

  it('a failed upscale writes nothing and names the asset', async () => {
    const err = await runUpscale({
      workspaceRoot,
      clientRoot,
      assets: ['**/patio-pattern-3x4.png'],
      genAi: fakeGenAi(home, { FAKE_GENAI_RETIRED: '1' }),
    }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.message).toMatch(/deliverables\/summer-social\/patio-pattern-3x4\.png.*retired/);
    expect(existsSync(path.join(clientRoot, 'deliverables/summer-social/upscaled'))).toBe(false);
  });

  it('a glob matching nothing is refused with examples', async () => {
    const err = await runUpscale({ workspaceRoot, clientRoot, assets: ['**/*.gif'], genAi: fakeGenAi(home) }).catch(
      (e: unknown) => e,
    );
    expect(isHandoffError(err) && err.message).toContain('no approved generated image matches "**/*.gif"');
  });
});
