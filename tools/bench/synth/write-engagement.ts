import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { KeyStream, createRandom, pick } from './prng';
import { writeFileWith, writeJpeg, writeMp4, writePng, writeWebp, type Sink } from './media';
import type { EngagementPlan, SynthFile, SynthJob } from './plan-engagement';

/** The repository's example client: its brand documents ship with every synthetic client. */
const EXAMPLE_BRAND = path.resolve(__dirname, '..', '..', '..', 'apps', 'example-client', 'brand');
export const BENCH_DATE = '2026-11-20';

const WORDS = [
  'brand',
  'launch',
  'caption',
  'headline',
  'coffee',
  'roast',
  'morning',
  'season',
  'story',
  'window',
  'menu',
  'gift',
  'warm',
  'copper',
  'sage',
];

function writeText(out: Sink, size: number, key: string): number {
  const rand = createRandom(key);
  const parts: string[] = [`# Copy deck ${key}\n\n`];
  let n = Buffer.byteLength(parts[0]);
  while (n < size) {
    const line = `${Array.from({ length: 12 }, () => pick(rand, WORDS)).join(' ')}.\n`;
    parts.push(line);
    n += line.length;
  }
  const buf = Buffer.from(parts.join('')).subarray(0, size);
  out.write(buf);
  return buf.length;
}

/** Write one planned file; `variant` changes its bytes (same size), as an edited asset would. */
export function writeSynthFile(clientRoot: string, seed: string, f: SynthFile, variant = ''): number {
  const abs = path.join(clientRoot, f.rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  const ks = new KeyStream(seed, `${f.key}${variant}`);
  return writeFileWith(abs, (out) => {
    switch (f.kind) {
      case 'png':
        return writePng(out, f.size, ks, f.meta);
      case 'jpeg':
        return writeJpeg(out, f.size, ks, f.meta);
      case 'webp':
        return writeWebp(out, f.size, ks);
      case 'mp4':
        return writeMp4(out, f.size, ks);
      case 'text':
        return writeText(out, f.size, `${seed}:${f.key}${variant}`);
    }
  });
}

function jobJson(j: SynthJob): Record<string, unknown> {
  const { outputs, ...rest } = j;
  if (outputs.length === 1) return { ...rest, output: outputs[0] };
  return outputs.length > 1 ? { ...rest, outputs } : rest;
}

function handoffJson(plan: EngagementPlan): Record<string, unknown> {
  return {
    name: plan.slug,
    client: 'Northwind Coffee Roasters',
    engagement: '2025-Q3 to 2026-Q2 retainer (synthetic benchmark engagement)',
    version: 1,
    date: BENCH_DATE,
    rights: { status: 'all generated, no licensed stock', items: [] },
    support: { contact: 'Priya Nair, handoff support (handoff@kestrelfinch.example)', windowDays: 30 },
    receivingTeam: { name: 'Northwind in-house design team', tools: ['Figma', 'Bynder'] },
    regeneration: { supported: true },
    strip: { terms: ['Maya Okafor'] },
  };
}

/** Write the client folder: handoff.json, brand docs, one results.json per campaign and every file. */
export function writeEngagement(plan: EngagementPlan, clientRoot: string): { files: number; bytes: number } {
  mkdirSync(path.join(clientRoot, 'brand'), { recursive: true });
  writeFileSync(path.join(clientRoot, 'handoff.json'), `${JSON.stringify(handoffJson(plan), null, 2)}\n`);
  for (const doc of ['brand-system.json', 'brand.md'])
    copyFileSync(path.join(EXAMPLE_BRAND, doc), path.join(clientRoot, 'brand', doc));
  for (const c of plan.campaigns) {
    const dir = path.join(clientRoot, 'deliverables', c.name);
    mkdirSync(dir, { recursive: true });
    const results = { cli: 'gen-ai 1.9.0', campaign: c.name, jobs: c.jobs.map(jobJson) };
    writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
  let bytes = 0;
  for (const f of plan.files) bytes += writeSynthFile(clientRoot, plan.seed, f);
  return { files: plan.files.length, bytes };
}

/** Rewrite the first shipped PNG with new bytes of the same size: "one changed asset". */
export function changeOneAsset(plan: EngagementPlan, clientRoot: string, variant: string): SynthFile {
  const f = plan.files.find((x) => x.shipped && x.kind === 'png');
  if (!f) throw new Error('changeOneAsset: the plan has no shipped PNG');
  writeSynthFile(clientRoot, plan.seed, f, `:${variant}`);
  return f;
}
