import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ZipEntryRecord } from '../bundle/zip-reader';
import { extractZipSafely } from './extract-zip';
import { craftZip } from './fixtures/raw-zip';
import { makeTempDir, removeTempDirs } from './fixtures/sample-bundle';
import { canScan, MAX_SCAN_INFLATE, SCAN_SLOT_BYTES, SCAN_SLOTS } from './zip-scan';

afterAll(removeTempDirs);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function scan(bytes: Buffer, opts: { writeIf?: (name: string) => boolean } = {}) {
  const dir = await makeTempDir('handoff-scan-');
  const zip = path.join(dir, 'z.zip');
  await fs.writeFile(zip, bytes);
  const dest = path.join(dir, 'x');
  await fs.mkdir(dest);
  const writeIf = opts.writeIf;
  const result = await extractZipSafely(zip, dest, undefined, { writeIf: writeIf && (() => writeIf) });
  return { dest, result };
}

describe('extractZipSafely in one pass (scanZip)', () => {
  it("gives the zip's own sha256 from the same read, with empty entries anywhere and more data than the ring", async () => {
    const big = Buffer.alloc(SCAN_SLOTS * SCAN_SLOT_BYTES + 12_345, 3); // the ring is reused
    const entries = [
      { name: 'top/empty-first.txt', data: Buffer.alloc(0) },
      { name: 'top/big.bin', data: big },
      { name: 'top/empty-middle.txt', data: Buffer.alloc(0) },
      { name: 'top/notes.md', data: Buffer.from('# notes\n'.repeat(5000)), deflate: true },
      { name: 'top/small.bin', data: Buffer.from('tail') },
      { name: 'top/empty-last.txt', data: Buffer.alloc(0) },
    ];
    const bytes = craftZip(entries);
    const { dest, result } = await scan(bytes);
    expect(result.refusals).toEqual([]);
    expect(result.zipSha256).toBe(sha(bytes));
    expect(result.files.map((f) => [f.name, f.size, f.sha256])).toEqual(
      entries.map((e) => [e.name, e.data.length, sha(e.data)]),
    );
    for (const e of entries) expect((await fs.readFile(path.join(dest, e.name))).equals(e.data)).toBe(true);
  });

  it('checks every entry but writes only the chosen ones', async () => {
    const bytes = craftZip([
      { name: 'top/a.png', data: Buffer.alloc(5000, 1) },
      { name: 'top/README.md', data: Buffer.from('# hi\n') },
    ]);
    const { dest, result } = await scan(bytes, { writeIf: (n) => n.endsWith('.md') });
    expect(result.files.map((f) => [f.name, f.written])).toEqual([
      ['top/a.png', false],
      ['top/README.md', true],
    ]);
    expect(await fs.readdir(path.join(dest, 'top'))).toEqual(['README.md']);
  });

  it('refuses an entry whose local header pushes its data into the next entry', async () => {
    const a = { name: 'top/a.txt', data: Buffer.from('aaaa') };
    const bytes = craftZip([a, { name: 'top/b.txt', data: Buffer.from('bbbb') }]);
    // a's local header claims a 45-byte extra field: its data now starts inside b's data (at 43 + 30 + 9).
    bytes.writeUInt16LE(45, 28);
    const { result } = await scan(bytes);
    expect(result.ok).toBe(false);
    expect(result.refusals).toEqual(['entry "top/a.txt" overlaps the data of entry "top/b.txt" (a zip bomb pattern)']);
  });

  it('refuses a corrupt byte deep inside a large STORED entry (CRC-32 on the worker), listing the entries before it', async () => {
    const big = Buffer.alloc(3 * SCAN_SLOT_BYTES + 99, 7);
    const bytes = craftZip([
      { name: 'top/ok.txt', data: Buffer.from('fine') },
      { name: 'top/big.bin', data: big },
      { name: 'top/after.txt', data: Buffer.from('after') },
    ]);
    bytes[bytes.indexOf(big.subarray(0, 64)) + 2 * SCAN_SLOT_BYTES + 5] ^= 0xff;
    const { result } = await scan(bytes);
    expect(result.ok).toBe(false);
    expect(result.refusals).toEqual(['entry "top/big.bin" fails its CRC-32 check: the zip is corrupt']);
    expect(result.files.map((f) => f.name)).toEqual(['top/ok.txt']);
  });

  it('leaves a zip with a big DEFLATEd entry to the entry-by-entry extraction', () => {
    const record = (method: number, size: number) =>
      ({
        entry: { compressionMethod: method, uncompressedSize: size, compressedSize: size },
      }) as unknown as ZipEntryRecord;
    expect(canScan([record(0, 5 * 1024 ** 3), record(8, MAX_SCAN_INFLATE)])).toBe(true);
    expect(canScan([record(0, 10), record(8, MAX_SCAN_INFLATE + 1)])).toBe(false);
  });
});
