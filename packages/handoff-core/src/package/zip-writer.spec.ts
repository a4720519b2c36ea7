import archiver from 'archiver';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { DEFLATE_LEVEL, type WrittenFile, type ZipEntrySpec } from './bundle-entries';
import { writeZip } from './zip-writer';
import { ENTRY_MODE } from './zip-records';
import { SLOT_BYTES } from './zip-output';
import { createFileMetadataStripper } from '../whitelabel/image-metadata/create-stripper';
import { DEFAULT_KEPT_CATEGORIES } from '../config/image-categories';
import { buildPng, tEXt } from '../whitelabel/image-metadata/fixtures/png-builder';
import { noise } from '../whitelabel/image-metadata/fixtures/stream-helpers';

/**
 * The zip writer must write the bytes archiver 7 wrote for the same entries (the writer it
 * replaced): versions recorded in a ledger rebuild byte-identically. The reference below drives
 * archiver exactly as the old writer did: every source file streamed (through its metadata
 * stripper), in-memory entries appended as buffers, mode 0644, the bundle date, DEFLATE level 9.
 */
async function archiverZip(entries: readonly ZipEntrySpec[], date: Date, forceZip64: boolean): Promise<Buffer> {
  const archive = archiver('zip', { zlib: { level: DEFLATE_LEVEL }, forceZip64, forceLocalTime: false, comment: '' });
  const parts: Buffer[] = [];
  const collected = pipeline(
    archive,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        done();
      },
    }),
  );
  const written = new Map<string, WrittenFile>();
  for (const e of entries) {
    const data = { name: e.name, date, mode: ENTRY_MODE, store: e.store };
    const done = new Promise<void>((resolve) => archive.once('entry', () => resolve()));
    let bytes: Buffer;
    if (e.source.kind === 'file') {
      const read: Readable = createReadStream(e.source.abs);
      const stripper = e.source.stripMetadata
        ? await createFileMetadataStripper(e.source.abs, e.path, e.source.stripMetadata)
        : undefined;
      const stream = stripper ? read.pipe(stripper) : read;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      archive.append(stream, data);
      await done;
      bytes = Buffer.concat(chunks);
    } else {
      bytes = e.source.kind === 'bytes' ? e.source.data : e.source.build(written);
      archive.append(bytes, data);
      await done;
    }
    written.set(e.path, { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  }
  await archive.finalize();
  await collected;
  return Buffer.concat(parts);
}

async function ourZip(
  entries: readonly ZipEntrySpec[],
  date: Date,
  forceZip64: boolean,
  file: string,
): Promise<{ bytes: Buffer; result: Awaited<ReturnType<typeof writeZip>> }> {
  const handle = await fs.open(file, 'wx');
  try {
    const result = await writeZip(entries, date, handle, undefined, { forceZip64 });
    await handle.close();
    return { bytes: await fs.readFile(file), result };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zip-writer-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

async function fileEntry(
  rel: string,
  data: Buffer,
  store: boolean,
  stripMetadata?: { keep: (typeof DEFAULT_KEPT_CATEGORIES)[number][] },
): Promise<ZipEntrySpec> {
  const abs = path.join(dir, 'src', rel);
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, data);
  return {
    path: rel,
    name: `acme-handoff-v1/${rel}`,
    source: { kind: 'file', abs, size: data.length, ...(stripMetadata ? { stripMetadata } : {}) },
    store,
    planPath: rel,
  };
}

function bytesEntry(rel: string, data: Buffer, store: boolean): ZipEntrySpec {
  return { path: rel, name: `acme-handoff-v1/${rel}`, source: { kind: 'bytes', data }, store, planPath: rel };
}

const checksums: ZipEntrySpec = {
  path: 'checksums.sha256',
  name: 'acme-handoff-v1/checksums.sha256',
  store: false,
  source: {
    kind: 'generated',
    build: (written) =>
      Buffer.from(
        [...written.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([p, f]) => `${f.sha256}  ${p}\n`)
          .join(''),
      ),
  },
};

describe('writeZip', () => {
  const date = new Date(Date.UTC(2026, 10, 20));
  let entries: ZipEntrySpec[];
  beforeAll(async () => {
    const keep = { keep: [...DEFAULT_KEPT_CATEGORIES] };
    const png = buildPng({ width: 300, height: 200, idatSize: 70_000, before: [tEXt('Comment', 'reviewer: Dana')] });
    entries = [
      await fileEntry('README.md', Buffer.from('# Handoff\n'.repeat(300)), false),
      await fileEntry('assets/big.mp4', noise(3 * SLOT_BYTES + 12_345), true), // several ring slots
      await fileEntry('assets/empty.mp4', Buffer.alloc(0), true),
      await fileEntry('assets/hero.png', png, true, keep), // stripped while it is read
      await fileEntry('assets/Ünïcode café.png', png, true), // non-ASCII name: the UTF-8 flag
      await fileEntry('assets/exact.bin', noise(SLOT_BYTES, 3), true), // exactly one slot
      await fileEntry('docs/empty.txt', Buffer.alloc(0), false),
      await fileEntry(
        'docs/long.json',
        Buffer.from(JSON.stringify({ rows: Array.from({ length: 90_000 }, (_, i) => ({ i, tag: `row-${i % 97}` })) })),
        false,
      ), // deflated over several reads
      bytesEntry('docs/manifest.json', Buffer.from('{"version":1}\n'.repeat(40)), false),
      bytesEntry('docs/empty-deflated.md', Buffer.alloc(0), false),
      bytesEntry('docs/empty-stored.png', Buffer.alloc(0), true),
      bytesEntry('docs/stored.png', noise(5000, 9), true),
      checksums,
    ];
  });

  it.each([false, true])('writes the bytes archiver 7 wrote for the same entries (forceZip64: %s)', async (force) => {
    const reference = await archiverZip(entries, date, force);
    const { bytes, result } = await ourZip(entries, date, force, path.join(dir, `ours-${force}.zip`));
    expect(bytes.length).toBe(reference.length);
    expect(bytes.equals(reference)).toBe(true);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.size).toBe(bytes.length);
    expect(result.fileCount).toBe(entries.length);
    // Checksums are of the bytes shipped: the stripped PNG, not its source.
    const hero = entries.find((e) => e.path === 'assets/hero.png')!;
    if (hero.source.kind !== 'file') throw new Error('fixture');
    const source = await fs.readFile(hero.source.abs);
    expect(result.checksums['assets/hero.png']).not.toBe(createHash('sha256').update(source).digest('hex'));
    expect(result.checksums['assets/Ünïcode café.png']).toBe(createHash('sha256').update(source).digest('hex'));
  });

  it('hands back every ring slot: a bundle many times the ring writes in bounded memory', async () => {
    const many = await Promise.all(
      Array.from({ length: 24 }, (_, i) => fileEntry(`assets/n${i}.mp4`, noise(SLOT_BYTES + 17 * i, i + 1), true)),
    );
    const reference = await archiverZip(many, date, false);
    const { bytes } = await ourZip(many, date, false, path.join(dir, 'many.zip'));
    expect(bytes.equals(reference)).toBe(true);
  });
});
