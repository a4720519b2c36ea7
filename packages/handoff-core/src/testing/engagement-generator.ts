import { fakePng } from './fixture-tree';

/**
 * Test-only: engagements in the layouts agencies have, generated from a seed (not written by hand
 * to pass). Each layout writes results.json where that layout keeps them and outputs the way that
 * layout's tools write them; `inject` adds one problem of each named kind, with the fix a user
 * would make from the handoff-check report.
 */

export type Layout =
  /** The manual recipe: campaigns/<name>/results.json, one deliverables/ at the root, outputs relative to the client folder, brand docs in docs/. */
  | 'recipe'
  /** The plugin's own layout: deliverables/<campaign>/results.json with outputs beside them. */
  | 'per-campaign'
  /** Records copied from another machine: absolute outputs (macOS, Windows, file:// URIs). */
  | 'foreign-absolute';

export type ProblemKind =
  | 'missing-output'
  | 'unknown-status'
  | 'ambiguous-output'
  | 'internal-notes'
  | 'pitch-moodboard'
  | 'markdown-term'
  | 'credential'
  | 'lfs-pointer'
  | 'windows-name'
  | 'git-ignored-shipping'
  | 'unknown-model'
  | 'prompt-term';

export const PROBLEM_KINDS: ProblemKind[] = [
  'missing-output',
  'unknown-status',
  'ambiguous-output',
  'internal-notes',
  'pitch-moodboard',
  'markdown-term',
  'credential',
  'lfs-pointer',
  'windows-name',
  'git-ignored-shipping',
  'unknown-model',
  'prompt-term',
];

export type FileContent = string | Buffer | object;

export interface Engagement {
  slug: string;
  layout: Layout;
  /** Files relative to the client folder (handoff.json not included). */
  files: Record<string, FileContent>;
  /** Lines of the workspace .gitignore that this engagement needs (Finder junk...). */
  gitignore: string[];
  /** Extra handoff.json fields the engagement's owner would set (strip.terms...). */
  config: Record<string, unknown>;
  /** Per injected problem: the client-relative file the report must name, and how to fix it. */
  injected: Array<{ kind: ProblemKind; file: string; fix: Fix }>;
  /** Ids of the jobs that should ship once every injected problem is fixed. */
  approvedJobs: string[];
}

/** A fix as a user makes it from the report: write or delete files, edit a job, handoff.json or the registry. */
export interface Fix {
  write?: Record<string, FileContent>;
  remove?: string[];
  /** Set a job's status in its results.json. */
  jobStatus?: { record: string; job: string; status: string };
  /** Added to handoff.json's strip.promptOverrides. */
  promptOverrides?: Array<Record<string, unknown>>;
  /** Entries added to the workspace's model-registry.json. */
  registry?: Record<string, unknown>;
}

/** mulberry32: a small, seeded, deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'spring',
  'summer',
  'autumn',
  'winter',
  'launch',
  'holiday',
  'retail',
  'ooh',
  'social',
  'promo',
  'brand',
  'app',
];
const SUBJECTS = ['hero', 'banner', 'story', 'poster', 'tile', 'card', 'header', 'shelf'];
const DONE = ['completed', 'Completed', 'succeeded', 'SUCCESS', 'done'];
const FAILED = ['failed', 'Error', 'errored', 'cancelled', 'canceled', 'TIMEOUT'];
export const REVIEWER = 'Dana Whitlock';

export function generateEngagement(opts: {
  seed: number;
  layout: Layout;
  slug?: string;
  inject?: ProblemKind[];
}): Engagement {
  const rnd = seededRandom(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const slug = opts.slug ?? 'acme';
  const files: Record<string, FileContent> = {};
  const approvedJobs: string[] = [];
  const campaigns = [
    ...new Set(Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => `${pick(WORDS)}-${pick(WORDS)}`)),
  ];
  const recordFor = (c: string) =>
    opts.layout === 'per-campaign' ? `deliverables/${c}/results.json` : `campaigns/${c}/results.json`;
  const outputFor = (c: string, file: string): unknown => {
    const rel = `deliverables/${c}/${file}`;
    if (opts.layout === 'per-campaign') return rnd() < 0.5 ? file : { path: file, width: 1024 };
    if (opts.layout === 'recipe') return rnd() < 0.7 ? rel : { file: rel };
    return pick([
      `/Users/ana/Work/${slug}/${rel}`,
      `C:\\Jobs\\${slug}\\${rel.replace(/\//g, '\\')}`,
      `file:///mnt/share/${rel}`,
    ]);
  };
  const records = new Map<string, Array<Record<string, unknown>>>();
  for (const c of campaigns) {
    const jobs: Array<Record<string, unknown>> = [];
    const n = 2 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) {
      const id = `${c}-${pick(SUBJECTS)}-${i + 1}`;
      const failed = i > 0 && rnd() < 0.3;
      const job: Record<string, unknown> = {
        id,
        model: pick(['recraftv4', 'gemini-3.1-flash-image']),
        prompt: `A ${pick(SUBJECTS)} for the ${c} campaign`,
        seed: Math.floor(rnd() * 1e6),
      };
      if (failed) {
        Object.assign(job, { status: pick(FAILED), [rnd() < 0.5 ? 'output' : 'outputs']: null });
      } else {
        const file = `${id}.png`;
        files[`deliverables/${c}/${file}`] = fakePng(`${opts.seed}-${id}`);
        Object.assign(job, {
          status: pick(DONE),
          ...(rnd() < 0.5 ? { output: outputFor(c, file) } : { outputs: [outputFor(c, file)] }),
        });
        approvedJobs.push(id);
      }
      jobs.push(job);
    }
    records.set(c, jobs);
  }
  files[`deliverables/${campaigns[0]}/.DS_Store`] = Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]);
  const brandDir = opts.layout === 'recipe' ? 'docs' : 'brand';
  files[`${brandDir}/brand-system.json`] = { colors: { primary: '#0b3d2e' }, _internal: { owner: REVIEWER } };
  files[`${brandDir}/brand.md`] =
    `# ${slug} brand\n\n<!-- ${REVIEWER}: check the teal with legal -->\nUse teal, never neon.\n`;
  const eng: Engagement = {
    slug,
    layout: opts.layout,
    files,
    gitignore: ['.DS_Store'],
    approvedJobs,
    injected: [],
    config: {
      strip: { terms: [REVIEWER] },
      ...(brandDir === 'docs' ? { brand: { system: 'docs/brand-system.json', rules: 'docs/brand.md' } } : {}),
    },
  };
  for (const kind of opts.inject ?? [])
    injectProblem(eng, kind, campaigns[0], records.get(campaigns[0]) ?? [], recordFor(campaigns[0]), outputFor);
  for (const c of campaigns) files[recordFor(c)] = { cli: 'gen-ai 3.4.0', jobs: records.get(c) };
  return eng;
}

function lfsPointer(): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${'4d7a'.repeat(16)}\nsize 48213\n`;
}

function injectProblem(
  eng: Engagement,
  kind: ProblemKind,
  c: string,
  jobs: Array<Record<string, unknown>>,
  record: string,
  outputFor: (c: string, file: string) => unknown,
): void {
  const add = (file: string, fix: Fix): void => void eng.injected.push({ kind, file, fix });
  const newJob = (id: string, extra: Record<string, unknown>) => {
    jobs.push({ id, model: 'recraftv4', prompt: `A ${id} visual`, status: 'completed', ...extra });
  };
  const dir = `deliverables/${c}`;
  switch (kind) {
    case 'missing-output':
      newJob(`${c}-lost`, { output: outputFor(c, `${c}-lost.png`) });
      eng.approvedJobs.push(`${c}-lost`);
      return add(record, { write: { [`${dir}/${c}-lost.png`]: fakePng(`${c}-lost`) } });
    case 'unknown-status':
      newJob(`${c}-odd`, { status: 'needs-review', output: null });
      return add(record, { jobStatus: { record, job: `${c}-odd`, status: 'failed' } });
    case 'ambiguous-output': {
      const file = `${c}-twice.png`;
      newJob(`${c}-twice`, { output: `${dir}/${file}` });
      eng.files[`${dir}/${file}`] = fakePng(`${c}-twice`);
      eng.files[`${record.replace(/results\.json$/, '')}${dir}/${file}`] = fakePng(`${c}-twice-copy`);
      eng.approvedJobs.push(`${c}-twice`);
      return add(record, { remove: [`${record.replace(/results\.json$/, '')}${dir}/${file}`] });
    }
    case 'internal-notes':
      eng.files[`${dir}/internal-review-notes.md`] = 'Round 2: client prefers the teal.\n';
      return add(`${dir}/internal-review-notes.md`, { remove: [`${dir}/internal-review-notes.md`] });
    case 'pitch-moodboard':
      eng.files[`${dir}/pitch-concept-moodboard.png`] = fakePng('moodboard');
      return add(`${dir}/pitch-concept-moodboard.png`, { remove: [`${dir}/pitch-concept-moodboard.png`] });
    case 'markdown-term':
      eng.files[`${dir}/copy-deck.md`] = `# Copy\n\nSpring is here.\nApproved by ${REVIEWER}.\n`;
      return add(`${dir}/copy-deck.md`, { write: { [`${dir}/copy-deck.md`]: '# Copy\n\nSpring is here.\n' } });
    case 'credential':
      eng.files[`${dir}/upload-settings.json`] = {
        endpoint: 'https://cdn.example',
        token: 'ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
      };
      return add(`${dir}/upload-settings.json`, { remove: [`${dir}/upload-settings.json`] });
    case 'lfs-pointer':
      eng.files[`${dir}/${c}-film.mp4`] = lfsPointer();
      return add(`${dir}/${c}-film.mp4`, {
        write: { [`${dir}/${c}-film.mp4`]: Buffer.from('fake mp4 bytes after git lfs pull') },
      });
    case 'windows-name':
      eng.files[`${dir}/AUX.png`] = fakePng('aux');
      return add(`${dir}/AUX.png`, { remove: [`${dir}/AUX.png`], write: { [`${dir}/aux-panel.png`]: fakePng('aux') } });
    case 'git-ignored-shipping':
      eng.files[`${dir}/export.tmp.png`] = fakePng('tmp');
      eng.gitignore.push('*.tmp.png');
      return add(`${dir}/export.tmp.png`, { remove: [`${dir}/export.tmp.png`] });
    case 'unknown-model':
      newJob(`${c}-video`, { model: 'sora-x', output: outputFor(c, `${c}-video.png`) });
      eng.files[`${dir}/${c}-video.png`] = fakePng(`${c}-video`);
      eng.approvedJobs.push(`${c}-video`);
      return add(record, {
        registry: {
          'sora-x': { pin: 'sora-x@2026-02-02', capabilities: { kind: 'image', aspectRatios: ['1:1'], seed: true } },
        },
      });
    case 'prompt-term':
      newJob(`${c}-quote`, { prompt: `Headline as ${REVIEWER} wrote it`, output: outputFor(c, `${c}-quote.png`) });
      eng.files[`${dir}/${c}-quote.png`] = fakePng(`${c}-quote`);
      eng.approvedJobs.push(`${c}-quote`);
      return add(record, {
        promptOverrides: [
          { job: `${c}-quote`, prompt: 'Headline as the client wrote it', reason: 'reviewer name removed' },
        ],
      });
  }
}

/** The workspace-level parts of writing an engagement, for specs and the e2e suite alike. */
export interface EngagementIo {
  write(rel: string, content: FileContent): void | Promise<void>;
  remove(rel: string): void | Promise<void>;
  readJson(rel: string): unknown | Promise<unknown>;
}

/** Apply every injected problem's fix (client-relative paths under `clientDir`; the registry at the workspace root). */
export async function applyFixes(io: EngagementIo, clientDir: string, eng: Engagement): Promise<void> {
  const at = (rel: string) => `${clientDir}/${rel}`;
  for (const { fix } of eng.injected) {
    for (const rel of fix.remove ?? []) await io.remove(at(rel));
    for (const [rel, content] of Object.entries(fix.write ?? {})) await io.write(at(rel), content);
    if (fix.jobStatus) {
      const doc = (await io.readJson(at(fix.jobStatus.record))) as { jobs: Array<Record<string, unknown>> };
      for (const j of doc.jobs) if (j.id === fix.jobStatus.job) j.status = fix.jobStatus.status;
      await io.write(at(fix.jobStatus.record), doc);
    }
    if (fix.promptOverrides) {
      const config = (await io.readJson(at('handoff.json'))) as { strip?: { promptOverrides?: unknown[] } };
      config.strip = {
        ...config.strip,
        promptOverrides: [...(config.strip?.promptOverrides ?? []), ...fix.promptOverrides],
      };
      await io.write(at('handoff.json'), config);
    }
    if (fix.registry) {
      const registry = (await io.readJson('model-registry.json')) as { models: Record<string, unknown> };
      Object.assign(registry.models, fix.registry);
      await io.write('model-registry.json', registry);
    }
  }
}
