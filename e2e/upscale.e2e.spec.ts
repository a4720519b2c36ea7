/**
 * handoff-upscale through `nx run` in a fresh workspace holding the example client, with the fake
 * gen-ai on PATH: refused for the delivered v1 (with the bump fix), then an upscaled v2 that passes
 * the cold test while v1's zip stays byte-identical. Steps share one workspace and run in order.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { PNG } from 'pngjs';
import { FakeGenAiBin } from './utils/fake-genai';
import { E2eWorkspace } from './utils/workspace';

jest.setTimeout(300_000);

const SLUG = 'example-client';
const CLIENT = `clients/${SLUG}`;
const ZIP1 = `dist/handoff/${SLUG}/handoff-v1/${SLUG}-handoff-v1-2026-11-20.zip`;
const ZIP2 = `dist/handoff/${SLUG}/handoff-v2/${SLUG}-handoff-v2-2026-12-01.zip`;
const MENU_X2 = `${CLIENT}/deliverables/spring-launch/upscaled/menu-board-3x4-x2.png`;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('handoff-upscale in a fresh workspace', () => {
  let ws: E2eWorkspace;
  let share: string;
  let v1Sha: string;
  const bin = new FakeGenAiBin();
  const nxOk = (...args: string[]) => {
    const r = ws.nxWithEnv(bin.use(), ...args, '--output-style=static');
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.output}`);
    return r.output;
  };

  beforeAll(() => {
    share = mkdtempSync(path.join(tmpdir(), 'nx-handoff-e2e-share-'));
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
    for (const dir of ['deliverables', 'brand']) ws.copyFromRepo(`apps/example-client/${dir}`, `${CLIENT}/${dir}`);
    ws.copyFromRepo('model-registry.json', 'model-registry.json');
    ws.copyFromRepo('handoff.workspace.json', 'handoff.workspace.json');
    const text = readFileSync(path.join(__dirname, '../apps/example-client/handoff.json'), 'utf8');
    ws.write(
      `${CLIENT}/handoff.json`,
      applyEdits(
        text,
        modify(
          text,
          ['deliver'],
          { destinations: [{ type: 'folder', name: 'share', path: share }] },
          { formattingOptions: { insertSpaces: true, tabSize: 2 } },
        ),
      ),
    );
    ws.commit('example client');
  });
  afterAll(() => {
    ws?.dispose();
    bin.dispose();
    rmSync(share, { recursive: true, force: true });
  });

  it('is an opt-in, never-cached target', () => {
    const project = JSON.parse(ws.nxOk('show', 'project', SLUG, '--json').trim().split('\n').pop()!);
    expect(project.targets['handoff-upscale']).toMatchObject({ executor: 'nx-handoff:upscale', cache: false });
    expect(project.targets['handoff-upscale'].metadata.description).toMatch(/spends credits/);
  });

  it('refuses the delivered v1, naming the bump generator, and writes nothing', () => {
    nxOk('run', `${SLUG}:handoff-deliver`);
    v1Sha = sha(ws.path(ZIP1));
    ws.commit('ledger v1');
    const r = ws.nxWithEnv(bin.use(), 'run', `${SLUG}:handoff-upscale`, '--output-style=static');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('v1 was delivered: upscaled copies never go into a delivered version');
    expect(r.output).toContain(`nx g nx-handoff:handoff-bump ${SLUG}`);
    expect(existsSync(ws.path(MENU_X2))).toBe(false);
  });

  it('after a bump, upscales into v2; the v2 bundle ships the copies, pinned and cold-tested; v1 is untouched', () => {
    ws.nxOk('g', 'nx-handoff:handoff-bump', SLUG, '--date=2026-12-01');
    ws.commit('v2');
    const out = nxOk(
      'run',
      `${SLUG}:handoff-upscale`,
      '--assets=deliverables/spring-launch/menu-board-*.png,assets/holiday-ooh/window-decal-*',
      '--yes',
    );
    expect(out).toContain('Wrote 2 upscaled copies with topaz-upscale-image@2026-01-12');
    const copy = PNG.sync.read(readFileSync(ws.path(MENU_X2)));
    expect([copy.width, copy.height]).toEqual([2 * 180, 2 * 240]);
    ws.commit('upscaled copies');
    nxOk('run', `${SLUG}:handoff`);
    const report = ws.readJson(`${ZIP2}.cold-test.json`);
    expect(report.ok).toBe(true);
    const x = mkdtempSync(path.join(tmpdir(), 'nx-handoff-e2e-x-'));
    try {
      require('node:child_process').execFileSync('unzip', ['-q', ws.path(ZIP2), '-d', x]);
      const top = path.join(x, `${SLUG}-handoff-v2`);
      const library = JSON.parse(readFileSync(path.join(top, 'prompts/prompt-library.json'), 'utf8'));
      expect(library.jobs.find((j: { id: string }) => j.id === 'nw-spring-003-x2')).toMatchObject({
        model: 'topaz-upscale-image@2026-01-12',
        outputs: ['assets/spring-launch/upscaled/menu-board-3x4-x2.png'],
        params: { sourceAsset: 'assets/spring-launch/menu-board-3x4.png' },
      });
      expect(readFileSync(path.join(top, 'checksums.sha256'), 'utf8')).toContain(
        'assets/holiday-ooh/upscaled/window-decal-1x1-x2.png',
      );
      expect(readFileSync(path.join(top, 'docs/model-pins.json'), 'utf8')).toContain('topaz-upscale-image@2026-01-12');
    } finally {
      rmSync(x, { recursive: true, force: true });
    }
    expect(sha(ws.path(ZIP1))).toBe(v1Sha);
  });
});
