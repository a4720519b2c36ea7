import type { MediaKind } from './media';
import { createRandom, pick, randomInt, shuffle } from './prng';

/**
 * The synthetic engagement as data: which files exist (kind, size, the key of their bytes) and
 * which jobs the results.json files record. Pure and deterministic: the same options give the same
 * plan, so every bench run (and every machine) measures the same engagement.
 */

export interface PlanOptions {
  /** Asset files under deliverables/ (media and text docs, shipped or not). */
  assets: number;
  seed?: string;
  slug?: string;
  /** Add one approved MP4 of this many bytes (the zip64 case). */
  hugeBytes?: number;
}

export interface SynthFile {
  /** Path relative to the client folder. */
  rel: string;
  kind: MediaKind;
  size: number;
  /** Names the keystream of the file's bytes. */
  key: string;
  /** Embedded metadata text (PNG tEXt, JPEG XMP), as generation tools leave it. */
  meta?: string;
  /** Whether the handoff ships it (not a draft or rejected variant). */
  shipped: boolean;
}

export interface SynthJob {
  id: string;
  model: string;
  prompt: string;
  status: 'completed' | 'failed';
  tags: string[];
  outputs: string[];
  /** Absent for models that take no seed (gemini-3.1-flash-image). */
  seed?: number;
  aspectRatio: string;
  createdAt: string;
  reviewer?: string;
  notes?: string;
}

export interface EngagementPlan {
  slug: string;
  seed: string;
  campaigns: { name: string; jobs: SynthJob[] }[];
  files: SynthFile[];
}

const MB = 1_000_000;
/** Size ranges per kind, bytes. */
export const SIZE_RANGES: Record<MediaKind, [number, number]> = {
  png: [0.2 * MB, 3 * MB],
  jpeg: [0.1 * MB, 1 * MB],
  webp: [0.1 * MB, 1 * MB],
  mp4: [5 * MB, 40 * MB],
  text: [2_000, 40_000],
};
const EXT: Record<MediaKind, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', mp4: 'mp4', text: 'md' };
const CAMPAIGNS = [
  'spring-launch',
  'summer-social',
  'holiday-ooh',
  'autumn-menu',
  'loyalty-app',
  'store-opening',
  'gift-guide',
  'brand-film',
];
/** Image models and the aspect ratios both the registry and the fake gen-ai accept for them. */
const IMAGE_MODELS = ['recraftv4', 'gemini-3.1-flash-image'];
const RATIOS: Record<string, string[]> = {
  recraftv4: ['1:1', '16:9', '9:16'],
  'gemini-3.1-flash-image': ['1:1', '16:9'],
  'kling-v2': ['16:9', '9:16'],
};
const PUBLIC_TAGS = ['hero', 'social', 'ooh', 'print', 'web', 'stories', 'grid'];
const INTERNAL_TAGS = ['internal-review', 'retainer-week-2026-04-22', 'pitch-concept-b', 'review-round-2'];
const SUBJECTS = [
  'a copper pour-over kettle',
  'iced oat lattes',
  'a sunlit cafe patio',
  'roasted coffee beans',
  'a gift box with ribbon',
  'a barista at work',
  'a winter window display',
];
const STYLES = [
  'soft morning light',
  'flat illustration',
  'studio product shot',
  'warm film grain',
  'overhead flat lay',
  'bold graphic poster',
];

/** How many files of each kind: mostly PNG, some JPEG/WebP, a few MP4, some docs. */
export function kindCounts(assets: number): Record<MediaKind, number> {
  const mp4 = Math.max(1, Math.round(assets * 0.015));
  const text = Math.round(assets * 0.085);
  const jpeg = Math.round(assets * 0.11);
  const webp = Math.round(assets * 0.11);
  return { png: Math.max(1, assets - mp4 - text - jpeg - webp), jpeg, webp, mp4, text };
}

function campaignNames(assets: number): string[] {
  const n = Math.min(20, Math.max(3, Math.round(assets / 100)));
  return Array.from({ length: n }, (_, i) =>
    i < CAMPAIGNS.length ? CAMPAIGNS[i] : `${CAMPAIGNS[i % CAMPAIGNS.length]}-${Math.floor(i / CAMPAIGNS.length) + 1}`,
  );
}

function prompt(rand: () => number): string {
  return `${pick(rand, SUBJECTS)}, ${pick(rand, STYLES)}, roast-brown and sage palette, ${pick(rand, ['negative space top left', 'centered composition', 'rule of thirds'])}`;
}

interface Builder {
  rand: () => number;
  seed: string;
  files: SynthFile[];
  jobCount: number;
}

function addFile(b: Builder, rel: string, kind: MediaKind, shipped: boolean, size?: number): string {
  const [lo, hi] = SIZE_RANGES[kind];
  const meta =
    kind === 'png' && b.rand() < 0.5
      ? `Steps: 30, Sampler: DPM++, Seed: ${randomInt(b.rand, 1, 1e6)}, Model: studio-v4`
      : kind === 'jpeg' && b.rand() < 0.3
        ? '<x:xmpmeta><xmp:CreatorTool>gen-ai 1.9.0</xmp:CreatorTool></x:xmpmeta>'
        : undefined;
  const bytes = size ?? randomInt(b.rand, lo, hi);
  b.files.push({ rel, kind, size: kind === 'webp' ? bytes & ~1 : bytes, key: rel, meta, shipped });
  return rel;
}

/** One job for `kind` in `campaign`, with one or two outputs; drafts and rejected variants in their folders. */
function addJob(
  b: Builder,
  campaign: string,
  kind: MediaKind,
  left: number,
  size?: number,
): { job: SynthJob; used: number } {
  const r = b.rand();
  const state = size !== undefined ? 'approved' : r < 0.08 ? 'drafts' : r < 0.12 ? 'rejected' : 'approved';
  const n = kind !== 'mp4' && left > 1 && b.rand() < 0.5 ? 2 : 1;
  const id = `${campaign.slice(0, 3)}-${String(++b.jobCount).padStart(5, '0')}`;
  const dir = `deliverables/${campaign}/${state === 'approved' ? '' : `${state}/`}`;
  const outputs = Array.from({ length: n }, (_, i) =>
    addFile(b, `${dir}${id}${n > 1 ? `-${'ab'[i]}` : ''}.${EXT[kind]}`, kind, state === 'approved', size),
  );
  const tags = [campaign, pick(b.rand, PUBLIC_TAGS)];
  if (b.rand() < 0.3) tags.push(pick(b.rand, INTERNAL_TAGS));
  if (state !== 'approved') tags.push(state === 'drafts' ? 'draft' : 'rejected');
  const model = kind === 'mp4' ? 'kling-v2' : pick(b.rand, IMAGE_MODELS);
  const job: SynthJob = {
    id,
    model,
    prompt: prompt(b.rand),
    status: 'completed',
    tags,
    outputs: outputs.map((o) => o.slice(`deliverables/${campaign}/`.length)),
    seed: randomInt(b.rand, 1, 999_999),
    aspectRatio: pick(b.rand, RATIOS[model]),
    createdAt: new Date(Date.UTC(2026, 0, 5) + b.jobCount * 3_600_000).toISOString().replace('.000Z', 'Z'),
  };
  if (job.model === 'gemini-3.1-flash-image') delete job.seed;
  if (b.rand() < 0.2) job.reviewer = 'Maya Okafor';
  if (b.rand() < 0.15) job.notes = 'client preferred the warmer grade in round 2';
  return { job, used: n };
}

function failedJob(b: Builder, campaign: string): SynthJob {
  const id = `${campaign.slice(0, 3)}-${String(++b.jobCount).padStart(5, '0')}`;
  return {
    id,
    model: 'recraftv4',
    prompt: prompt(b.rand),
    status: 'failed',
    tags: [campaign],
    outputs: [],
    seed: randomInt(b.rand, 1, 999_999),
    aspectRatio: pick(b.rand, RATIOS.recraftv4),
    createdAt: new Date(Date.UTC(2026, 0, 5) + b.jobCount * 3_600_000).toISOString().replace('.000Z', 'Z'),
  };
}

/** The engagement for `opts`: files spread over several campaigns, jobs with 1-2 outputs, ~5 % failed jobs. */
export function planEngagement(opts: PlanOptions): EngagementPlan {
  const seed = opts.seed ?? 'nx-handoff-bench-1';
  const b: Builder = { rand: createRandom(`${seed}:${opts.assets}`), seed, files: [], jobCount: 0 };
  const names = campaignNames(opts.assets);
  const counts = kindCounts(opts.assets);
  const kinds = shuffle(
    b.rand,
    (Object.keys(counts) as MediaKind[]).flatMap((k) => Array<MediaKind>(counts[k]).fill(k)),
  );
  const perCampaign = names.map((name, i) => ({
    name,
    kinds: kinds.filter((_, j) => j % names.length === i),
    jobs: [] as SynthJob[],
  }));
  for (const c of perCampaign) {
    const media = c.kinds.filter((k) => k !== 'text');
    for (let i = 0; i < media.length;) {
      const run = media.slice(i).findIndex((k) => k !== media[i]);
      const { job, used } = addJob(b, c.name, media[i], run < 0 ? media.length - i : run);
      c.jobs.push(job);
      i += used;
      if (b.rand() < 0.05) c.jobs.push(failedJob(b, c.name));
    }
    c.kinds
      .filter((k) => k === 'text')
      .forEach((_, i) =>
        addFile(b, `deliverables/${c.name}/copy/copy-deck-${String(i + 1).padStart(3, '0')}.md`, 'text', true),
      );
  }
  if (opts.hugeBytes) perCampaign[0].jobs.push(addJob(b, perCampaign[0].name, 'mp4', 1, opts.hugeBytes).job);
  return {
    slug: opts.slug ?? `bench-${opts.assets}`,
    seed,
    campaigns: perCampaign.map(({ name, jobs }) => ({ name, jobs })),
    files: b.files,
  };
}

/** Totals of a plan: files and bytes under deliverables/, and what ships. */
export function planTotals(plan: EngagementPlan): {
  files: number;
  bytes: number;
  shippedFiles: number;
  shippedBytes: number;
} {
  let bytes = 0;
  let shippedBytes = 0;
  let shippedFiles = 0;
  for (const f of plan.files) {
    bytes += f.size;
    if (f.shipped) {
      shippedFiles++;
      shippedBytes += f.size;
    }
  }
  return { files: plan.files.length, bytes, shippedFiles, shippedBytes };
}
