import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createGenAiClient } from './client';
import { parseGeneratedJob } from './generated-job';
import { scrubbedEnv } from './scrubbed-env';

const FAKE_BIN = join(__dirname, '__fixtures__', 'bin', 'gen-ai');
const EXAMPLE = join(__dirname, '../../../../apps/example-client/deliverables/spring-launch');
const PACK_SHOT = {
  model: 'recraftv4@2026-03-15',
  prompt:
    'Square pack shot of the Spring Bloom 250 g bag, centred and front-facing on a seamless crema (#F2E6D0) background, soft contact shadow, label kept plain for later typesetting, photographic, high detail',
  seed: 77310,
  aspectRatio: '1:1',
  params: { style: 'product' },
};

jest.setTimeout(60_000);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'genai-generate-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function client(extra: NodeJS.ProcessEnv = {}) {
  return createGenAiClient({ bin: FAKE_BIN, env: { ...scrubbedEnv(process.env, tmp), ...extra }, extendEnv: false });
}

describe('generate (real, against the fake CLI)', () => {
  it('writes the outputs into outDir and returns the printed job; an example job gives its committed pictures', async () => {
    const out = join(tmp, 'pack');
    const outcome = await client().generate(PACK_SHOT, out);
    expect(outcome.ok).toBe(true);
    expect(outcome.args).toEqual(expect.arrayContaining(['--seed', '77310', '--out', out]));
    expect(outcome.args).not.toContain('--dry-run');
    expect(outcome.job?.seed).toBe(77310);
    expect(outcome.files).toHaveLength(2);
    expect(readFileSync(outcome.files[0]).equals(readFileSync(join(EXAMPLE, 'pack-shot-bloom-1x1-a.png')))).toBe(true);
    expect(readFileSync(outcome.files[1]).equals(readFileSync(join(EXAMPLE, 'pack-shot-bloom-1x1-b.png')))).toBe(true);
  });

  it('reports a retired version as retired, without outputs, and never throws', async () => {
    const outcome = await client({ FAKE_GENAI_RETIRED: '1' }).generate(PACK_SHOT, join(tmp, 'retired'));
    expect(outcome).toMatchObject({ ok: false, exitCode: 5, retired: true, files: [] });
    expect(outcome.stderr).toMatch(/recraftv4@2026-03-15 has been retired/);
    const missing = await createGenAiClient({ bin: join(tmp, 'no-gen-ai') }).generate(PACK_SHOT, tmp);
    expect(missing).toMatchObject({ ok: false, exitCode: -1, retired: false, files: [] });
  });

  it('an ignored seed shows in the printed job', async () => {
    const outcome = await client({ FAKE_GENAI_IGNORE_SEED: '1' }).generate(PACK_SHOT, join(tmp, 'ignored'));
    expect(outcome.ok).toBe(true);
    expect(outcome.job?.seed).not.toBe(77310);
  });
});

describe('upscale (real, against the fake CLI)', () => {
  it('writes a 2x copy and returns it', async () => {
    const input = join(EXAMPLE, 'menu-board-3x4.png');
    const outcome = await client().upscale(
      { model: 'topaz-upscale-image@2026-01-12', input, scale: 2 },
      join(tmp, 'up'),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.files).toHaveLength(1);
    expect(existsSync(outcome.files[0])).toBe(true);
    expect(outcome.job).toMatchObject({ scale: 2, model: 'topaz-upscale-image@2026-01-12' });
  });
});

describe('parseGeneratedJob', () => {
  it('takes the last JSON object line, after notices; single `output` becomes outputs', () => {
    expect(parseGeneratedJob('update available\n{"id":"a","output":"x.png"}\n')).toMatchObject({
      id: 'a',
      outputs: ['x.png'],
    });
    expect(parseGeneratedJob('no json here')).toBeUndefined();
  });
});
