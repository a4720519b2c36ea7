import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { modelRegistrySchema } from '../../handoff-core/src/config/bundle-schemas';
import { clientConfigSchema } from '../../handoff-core/src/config/client-config';
import { jobOutputs, resultsSchema, type Job } from '../../handoff-core/src/config/results-schema';

/** Light checks of the embedded example engagement (apps/example-client) and the workspace
 * model registry. The core pipeline is tested on the same folder by its own specs. */

const WORKSPACE = path.resolve(__dirname, '../../..');
const CLIENT = path.join(WORKSPACE, 'apps/example-client');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JOB_FIELDS = new Set(['id', 'model', 'prompt', 'status', 'tags', 'output', 'outputs', 'seed', 'aspectRatio']);
const NOTE_FIELDS = new Set(['notes', 'reviewer', 'createdAt']);
const INTERNAL_NAMES = ['Kestrel', 'Finch', 'Bluebird', 'Okafor', 'Lindqvist'];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const abs = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(abs) : [abs];
  });
}

const files = walk(CLIENT);
const rel = (abs: string) => path.relative(CLIENT, abs).split(path.sep).join('/');

interface LoadedJob {
  job: Job;
  outputs: string[];
}
const jobs: LoadedJob[] = files
  .filter((f) => path.basename(f) === 'results.json')
  .flatMap((file) => {
    const parsed = resultsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.jobs.map((job) => ({
      job,
      outputs: jobOutputs(job).map((o) => rel(path.join(path.dirname(file), o))),
    }));
  });
const isApproved = ({ job }: LoadedJob) =>
  job.status === 'completed' && !(job.tags ?? []).some((tag) => tag === 'draft' || tag === 'rejected');

function readJsonc(file: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: false });
  expect(errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`)).toEqual([]);
  return value;
}

describe('apps/example-client', () => {
  it('handoff.json is JSONC that validates against clientConfigSchema', () => {
    const result = clientConfigSchema.safeParse(readJsonc(path.join(CLIENT, 'handoff.json')));
    expect(result.error?.issues ?? []).toEqual([]);
    const config = result.data!;
    expect(config).toMatchObject({ version: 1, date: '2026-11-20', regeneration: { supported: true } });
    for (const item of config.rights.items) expect(fs.existsSync(path.join(CLIENT, item.asset))).toBe(true);
  });

  it('has a real engagement: 3 campaigns, >= 12 jobs, >= 3 models, failed, draft and rejected jobs', () => {
    expect(files.filter((f) => path.basename(f) === 'results.json')).toHaveLength(3);
    expect(jobs.length).toBeGreaterThanOrEqual(12);
    expect(new Set(jobs.map(({ job }) => job.id)).size).toBe(jobs.length);
    expect(new Set(jobs.map(({ job }) => job.model.split('@')[0])).size).toBeGreaterThanOrEqual(3);
    expect(jobs.filter(({ job }) => job.status === 'failed')).toHaveLength(2);
    expect(jobs.some(({ job }) => job.tags?.includes('draft'))).toBe(true);
    expect(jobs.some(({ job }) => job.tags?.includes('rejected'))).toBe(true);
  });

  it('every output exists: approved ones outside drafts/ and rejected/, the others inside', () => {
    for (const entry of jobs) {
      if (entry.job.status === 'failed') {
        expect(entry.outputs).toEqual([]);
        continue;
      }
      expect(entry.outputs.length).toBeGreaterThan(0);
      for (const output of entry.outputs) {
        expect(fs.existsSync(path.join(CLIENT, output))).toBe(true);
        expect(/\/(drafts|rejected)\//.test(output)).toBe(!isApproved(entry));
      }
    }
  });

  it('every deliverable file is a job output or a rights item', () => {
    const claimed = new Set(jobs.flatMap((entry) => entry.outputs));
    claimed.add('deliverables/stock/roastery-interior.jpg');
    const media = files.map(rel).filter((f) => f.startsWith('deliverables/') && !f.endsWith('results.json'));
    expect(media.filter((f) => !claimed.has(f))).toEqual([]);
  });

  it('approved prompts carry no agency, competitor or reviewer names', () => {
    for (const entry of jobs.filter(isApproved)) {
      for (const name of INTERNAL_NAMES) expect(entry.job.prompt).not.toContain(name);
    }
  });

  it('images are real: PNG signature and a sane IHDR, JPEG SOI/EOI markers, each small', () => {
    for (const file of files.filter((f) => /\.(png|jpe?g)$/i.test(f))) {
      const bytes = fs.readFileSync(file);
      expect(bytes.length).toBeLessThanOrEqual(30 * 1024);
      if (file.endsWith('.png')) {
        expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
        expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
        const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
        expect(width).toBeGreaterThanOrEqual(100);
        expect(width).toBeLessThanOrEqual(400);
        expect(height).toBeGreaterThanOrEqual(100);
        expect(height).toBeLessThanOrEqual(400);
      } else {
        expect(bytes.readUInt16BE(0)).toBe(0xffd8);
        expect(bytes.readUInt16BE(bytes.length - 2)).toBe(0xffd9);
      }
    }
  });
});

describe('model-registry.json', () => {
  const registry = modelRegistrySchema.parse(
    JSON.parse(fs.readFileSync(path.join(WORKSPACE, 'model-registry.json'), 'utf8')),
  );

  it('resolves every model the example uses, within its aspect ratios and params', () => {
    for (const { job } of jobs) {
      const entry = registry.models[job.model];
      expect(entry).toBeDefined();
      const capabilities = entry.capabilities as { aspectRatios: string[]; params: string[]; maxPromptLength: number };
      if (job.aspectRatio) expect(capabilities.aspectRatios).toContain(job.aspectRatio);
      expect(job.prompt.length).toBeLessThanOrEqual(capabilities.maxPromptLength);
      const params = Object.keys(job).filter((key) => !JOB_FIELDS.has(key) && !NOTE_FIELDS.has(key));
      for (const param of params) expect(capabilities.params).toContain(param);
    }
  });

  it('agrees with the catalog snapshot shipped with the plugin (what init seeds)', () => {
    const catalogDir = path.join(WORKSPACE, 'packages/nx-handoff/catalog');
    const snapshot = fs.existsSync(catalogDir)
      ? fs.readdirSync(catalogDir).find((f) => f.endsWith('.json'))
      : undefined;
    if (!snapshot) return; // the plugin's catalog is optional for this check
    const catalog = JSON.parse(fs.readFileSync(path.join(catalogDir, snapshot), 'utf8')) as {
      catalogDate: string;
      models: Record<string, { pin: string; capabilities: unknown }>;
    };
    expect(registry.catalogDate).toBe(catalog.catalogDate);
    for (const [name, entry] of Object.entries(registry.models)) {
      const source = catalog.models[name] ?? catalog.models[name.split('@')[0]];
      expect(source).toBeDefined();
      expect(entry).toEqual({ pin: source.pin, capabilities: source.capabilities });
    }
  });

  it('pins an exact id to itself', () => {
    for (const [name, entry] of Object.entries(registry.models)) {
      if (name.includes('@')) expect(entry.pin).toBe(name);
    }
  });
});
