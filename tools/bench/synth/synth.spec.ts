import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripImageBytes } from '../../../packages/handoff-core/src/whitelabel/image-metadata/create-stripper';
import { KeyStream, createRandom } from './prng';
import { writeFileWith, writeJpeg, writeMp4, writePng, writeWebp, type Sink } from './media';
import { SIZE_RANGES, kindCounts, planEngagement, planTotals } from './plan-engagement';
import { writeEngagement } from './write-engagement';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function collect(write: (out: Sink) => number): { bytes: Buffer; n: number } {
  const parts: Buffer[] = [];
  const n = write({ write: (b) => void parts.push(Buffer.from(b)) });
  return { bytes: Buffer.concat(parts), n };
}

describe('synthetic engagement plan', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = planEngagement({ assets: 300 });
    expect(JSON.stringify(planEngagement({ assets: 300 }))).toBe(JSON.stringify(a));
    expect(JSON.stringify(planEngagement({ assets: 300, seed: 'other' }))).not.toBe(JSON.stringify(a));
  });

  it('has the agency mix: mostly PNG, a few MP4, docs, several campaigns, drafts, rejects, failed jobs and internal tags', () => {
    const plan = planEngagement({ assets: 1000 });
    expect(plan.files).toHaveLength(1000);
    const byKind = (k: string) => plan.files.filter((f) => f.kind === k);
    expect(kindCounts(1000)).toEqual({ png: 680, jpeg: 110, webp: 110, mp4: 15, text: 85 });
    for (const kind of ['png', 'jpeg', 'webp', 'mp4', 'text'] as const) {
      const [lo, hi] = SIZE_RANGES[kind];
      expect(byKind(kind).every((f) => f.size >= lo - 1 && f.size <= hi)).toBe(true);
    }
    const jobs = plan.campaigns.flatMap((c) => c.jobs);
    expect(plan.campaigns.length).toBe(10);
    expect(jobs.some((j) => j.status === 'failed')).toBe(true);
    expect(jobs.some((j) => j.tags.includes('draft')) && jobs.some((j) => j.tags.includes('rejected'))).toBe(true);
    expect(jobs.some((j) => j.tags.some((t) => t.startsWith('internal-') || t.startsWith('retainer-')))).toBe(true);
    const totals = planTotals(plan);
    expect(totals.bytes / 1e9).toBeGreaterThan(1.2);
    expect(totals.bytes / 1e9).toBeLessThan(1.8);
    expect(totals.shippedFiles).toBeLessThan(totals.files);
  });

  it('adds one approved asset of the requested size for the zip64 case', () => {
    const plan = planEngagement({ assets: 20, hugeBytes: 5 * 1024 ** 3 });
    expect(plan.files.filter((f) => f.size === 5 * 1024 ** 3 && f.shipped && f.kind === 'mp4')).toHaveLength(1);
  });
});

describe('synthetic media', () => {
  it('writes exact sizes, reproducibly, and incompressible bodies', () => {
    const png = collect((out) => writePng(out, 300_000, new KeyStream('s', 'a.png'), 'Steps: 30'));
    expect(png.n).toBe(300_000);
    expect(png.bytes.length).toBe(300_000);
    expect(sha(collect((out) => writePng(out, 300_000, new KeyStream('s', 'a.png'), 'Steps: 30')).bytes)).toBe(
      sha(png.bytes),
    );
    expect(sha(collect((out) => writePng(out, 300_000, new KeyStream('s', 'b.png'), 'Steps: 30')).bytes)).not.toBe(
      sha(png.bytes),
    );
    const mp4 = collect((out) => writeMp4(out, 2_000_000, new KeyStream('s', 'c.mp4')));
    expect([mp4.n, mp4.bytes.length, mp4.bytes.toString('latin1', 4, 8)]).toEqual([2_000_000, 2_000_000, 'ftyp']);
    expect(require('node:zlib').deflateRawSync(mp4.bytes).length).toBeGreaterThan(mp4.bytes.length * 0.99);
  });

  it("are valid containers for the product's metadata strippers (PNG CRCs, JPEG stuffing, WebP RIFF)", async () => {
    const png = collect((out) => writePng(out, 200_000, new KeyStream('s', 'p'), 'Steps: 30, Seed: 1')).bytes;
    const jpeg = collect((out) => writeJpeg(out, 150_000, new KeyStream('s', 'j'), '<x:xmpmeta/>')).bytes;
    const webp = collect((out) => writeWebp(out, 120_000, new KeyStream('s', 'w'))).bytes;
    const opts = { keepC2pa: false };
    const p = await stripImageBytes('a.png', png, opts);
    const j = await stripImageBytes('a.jpg', jpeg, opts);
    const w = await stripImageBytes('a.webp', webp, opts);
    expect(p!.report.removed).toEqual(['png-text']);
    expect(j!.report.removed).toEqual(['xmp']);
    expect(w!.bytes.equals(webp)).toBe(true);
    expect(png.length - p!.bytes.length).toBe(12 + 'parameters\0Steps: 30, Seed: 1'.length);
  });

  it('writes an engagement whose files match the plan', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-synth-'));
    try {
      const plan = planEngagement({ assets: 30 });
      const written = writeEngagement(plan, dir);
      expect(written).toEqual({ files: 30, bytes: planTotals(plan).bytes });
      const results = JSON.parse(
        await fs.readFile(path.join(dir, 'deliverables', plan.campaigns[0].name, 'results.json'), 'utf8'),
      );
      expect(results.jobs.length).toBe(plan.campaigns[0].jobs.length);
      const f = plan.files[0];
      expect((await fs.stat(path.join(dir, f.rel))).size).toBe(f.size);
      expect(writeFileWith(path.join(dir, 'x.png'), (out) => writePng(out, 100_000, new KeyStream('s', 'x')))).toBe(
        100_000,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('draws decisions from a seeded PRNG', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
