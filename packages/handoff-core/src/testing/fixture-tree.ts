import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { encodePngChunk } from '../whitelabel/image-metadata/png-stripper';

/** Test-only helpers: fixture trees on disk in a fresh temp dir. */

const created: string[] = [];

/** A fresh temp dir, removed after the spec file that made it has run. */
export async function makeTempDir(prefix = 'nx-handoff-test-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

// Imported only by specs: register the clean-up with the spec file's Jest hooks.
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await Promise.all(created.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
  });
}

/** Write `files` (path -> string, Buffer or JSON value) under `root`. */
export async function writeTree(root: string, files: Record<string, string | Buffer | object>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    const data =
      typeof content === 'string' || Buffer.isBuffer(content) ? content : `${JSON.stringify(content, null, 2)}\n`;
    await fs.writeFile(abs, data);
  }
}

/**
 * A valid 2x2 RGB PNG whose pixels derive from `label` (distinct labels, distinct bytes), with an
 * optional tEXt chunk: metadata for the white-label stages to strip.
 */
export function fakePng(label: string, text?: Record<string, string>): Buffer {
  const rgb = createHash('sha256').update(label).digest().subarray(0, 3);
  const row = Buffer.concat([Buffer.from([0]), rgb, rgb]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const texts = Object.entries(text ?? {}).map(([k, v]) => encodePngChunk('tEXt', Buffer.from(`${k}\0${v}`, 'latin1')));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    encodePngChunk('IHDR', ihdr),
    ...texts,
    encodePngChunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    encodePngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const TEST_REGISTRY = {
  catalogDate: '2026-11-01',
  models: {
    recraftv4: {
      pin: 'recraftv4@2026-03-15',
      capabilities: {
        kind: 'image',
        aspectRatios: ['1:1', '16:9'],
        maxPromptLength: 2000,
        seed: true,
        params: ['aspectRatio', 'style'],
      },
    },
    'gemini-3.1-flash-image': {
      pin: 'gemini-3.1-flash-image@2026-02-01',
      capabilities: { kind: 'image', aspectRatios: ['1:1', '4:5'], seed: true },
    },
  },
};

export interface ClientFixtureOptions {
  config?: Record<string, unknown>;
  /** Extra files (relative to the client folder). */
  files?: Record<string, string | Buffer | object>;
  jobs?: object[];
}

/**
 * A workspace with `model-registry.json` and a client `clients/acme` holding one campaign with an
 * approved job, a failed job and a draft. Returns the workspace and client roots.
 */
export async function makeClientFixture(
  opts: ClientFixtureOptions = {},
): Promise<{ workspaceRoot: string; clientRoot: string }> {
  const workspaceRoot = await makeTempDir();
  const clientRoot = path.join(workspaceRoot, 'clients', 'acme');
  const jobs = opts.jobs ?? [
    {
      id: 'hero-01',
      model: 'recraftv4',
      prompt: 'A calm hero shot',
      status: 'completed',
      tags: ['hero', 'internal-review'],
      output: 'hero-01.png',
      seed: 7,
      aspectRatio: '16:9',
      notes: 'Dana liked it',
    },
    { id: 'hero-02', model: 'recraftv4', prompt: 'A second hero', status: 'failed', tags: [] },
    {
      id: 'hero-03',
      model: 'gemini-3.1-flash-image',
      prompt: 'Draft idea',
      status: 'completed',
      tags: ['draft'],
      output: 'drafts/hero-03.png',
    },
  ];
  await writeTree(workspaceRoot, { 'model-registry.json': TEST_REGISTRY });
  await writeTree(clientRoot, {
    'handoff.json': {
      client: 'Acme',
      engagement: '2026 retainer',
      version: 1,
      date: '2026-04-22',
      rights: { status: 'all generated' },
      support: { contact: 'support@agency.example', windowDays: 30 },
      ...opts.config,
    },
    'brand/brand-system.json': { colors: { primary: '#112233' }, reviewer: 'Dana' },
    'brand/brand.md': '# Brand\n\nBe calm.\n',
    'deliverables/spring/results.json': { jobs },
    'deliverables/spring/hero-01.png': fakePng('hero-01'),
    'deliverables/spring/drafts/hero-03.png': fakePng('hero-03'),
    ...opts.files,
  });
  return { workspaceRoot, clientRoot };
}
