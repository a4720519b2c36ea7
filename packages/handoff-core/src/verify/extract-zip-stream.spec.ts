import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildPng, tEXt } from '../whitelabel/image-metadata/fixtures/png-builder';
import { noise } from '../whitelabel/image-metadata/fixtures/stream-helpers';
import { extractZipSafely } from './extract-zip';

/** Every case runs in both reading modes: one pass over the zip (the default), and entry by entry. */
const mode = { singlePass: true };
const extractIn = (...[zip, dest, limits, opts]: Parameters<typeof extractZipSafely>) =>
  extractZipSafely(zip, dest, limits, { ...opts, singlePass: mode.singlePass });
import { craftZip, type RawEntry } from './fixtures/raw-zip';
import { makeTempDir, removeTempDirs } from './fixtures/sample-bundle';
import type * as yauzl from 'yauzl';
import { ENTRY_READ_CHUNK, entryDataStreams } from '../bundle/zip-reader';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function extract(entries: RawEntry[], mutate?: (zip: Buffer) => void, analyze = false) {
  const dir = await makeTempDir('handoff-extract-stream-');
  const zip = craftZip(entries);
  mutate?.(zip);
  await fs.writeFile(path.join(dir, 'b.zip'), zip);
  const dest = path.join(dir, 'dest');
  await fs.mkdir(dest);
  const result = await extractIn(
    path.join(dir, 'b.zip'),
    dest,
    undefined,
    analyze ? { analyzeImages: { keepC2pa: false } } : {},
  );
  return { dest, result };
}

afterAll(removeTempDirs);

describe.each([true, false])('extractZipSafely reading entry data in large chunks (single pass: %s)', (singlePass) => {
  beforeAll(() => {
    mode.singlePass = singlePass;
  });

  const big = noise(3 * ENTRY_READ_CHUNK + 12345, 7);
  const text = Buffer.from(noise(ENTRY_READ_CHUNK + 999, 3).toString('hex')); // deflates about 2:1

  it('extracts stored and deflated entries larger than one read, and empty ones, byte for byte', async () => {
    const { dest, result } = await extract([
      { name: 'top/a.bin', data: big },
      { name: 'top/b.txt', data: text, deflate: true },
      { name: 'top/empty.txt', data: Buffer.alloc(0) },
    ]);
    expect(result.refusals).toEqual([]);
    expect(result.files.map((f) => [f.name, f.size, f.sha256])).toEqual([
      ['top/a.bin', big.length, sha(big)],
      ['top/b.txt', text.length, sha(text)],
      ['top/empty.txt', 0, sha(Buffer.alloc(0))],
    ]);
    expect(sha(await fs.readFile(path.join(dest, 'top/a.bin')))).toBe(sha(big));
  });

  it('still refuses an entry whose data no longer matches its CRC-32', async () => {
    const { result } = await extract([{ name: 'top/a.bin', data: big }], (zip) => {
      zip[30 + 'top/a.bin'.length + 2 * ENTRY_READ_CHUNK] ^= 0xff; // inside the third read
    });
    expect(result.ok).toBe(false);
    expect(result.refusals).toEqual([expect.stringContaining('fails its CRC-32 check')]);
  });

  it('reads image metadata in the same pass when asked, and never fails extraction on a broken image', async () => {
    const png = buildPng({ before: [tEXt('parameters', 'teal wave, internal-review')] });
    const broken = Buffer.concat([png.subarray(0, 40), noise(2000)]);
    const { result } = await extract(
      [
        { name: 'top/a.png', data: png },
        { name: 'top/b.png', data: broken },
        { name: 'top/c.txt', data: text },
      ],
      undefined,
      true,
    );
    expect(result.ok).toBe(true);
    const [a, b, c] = result.files;
    expect(a.imageMetadata).toEqual({
      format: 'png',
      text: 'parameters: teal wave, internal-review',
      categories: ['png-text'],
    });
    expect(b.imageMetadata).toBeUndefined();
    expect(String(b.imageMetadataError)).toContain('b.png');
    expect(c.imageMetadata ?? c.imageMetadataError).toBeUndefined();
  });
});

describe('entryDataStreams', () => {
  it('never closes the shared zip fd, even when a stream is destroyed mid-entry', async () => {
    const dir = await makeTempDir('handoff-extract-stream-');
    const file = path.join(dir, 'data.bin');
    const data = noise(3 * ENTRY_READ_CHUNK, 11);
    await fs.writeFile(file, data);
    const handle = await fs.open(file, 'r');
    try {
      const entry = { compressedSize: data.length, compressionMethod: 0 } as yauzl.Entry;
      const [first] = entryDataStreams(handle, entry, 0);
      await new Promise<void>((resolve) => first.once('data', () => resolve()));
      first.destroy(); // as a pipeline does on an error
      await new Promise<void>((resolve) => first.once('close', () => resolve()));
      // The next entry's stream still reads from the same fd.
      const [second] = entryDataStreams(handle, { ...entry, compressedSize: 100 } as yauzl.Entry, 5);
      const chunks: Buffer[] = [];
      for await (const chunk of second) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(data.subarray(5, 105))).toBe(true);
    } finally {
      await handle.close(); // would throw EBADF had a stream closed the fd
    }
  });
});
