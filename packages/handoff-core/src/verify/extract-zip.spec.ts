import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { extractZipSafely } from './extract-zip';

/** Every case runs in both reading modes: one pass over the zip (the default), and entry by entry. */
const mode = { singlePass: true };
const extract = (...[zip, dest, limits, opts]: Parameters<typeof extractZipSafely>) =>
  extractZipSafely(zip, dest, limits, { ...opts, singlePass: mode.singlePass });
import { craftZip, type RawEntry } from './fixtures/raw-zip';
import { buildSampleBundle, makeTempDir, removeTempDirs } from './fixtures/sample-bundle';

/** A sandbox: the zip and the extraction folder two levels down, so escapes would land in `dir`. */
async function extractCrafted(
  entries: RawEntry[],
): Promise<{ dir: string; dest: string; refusals: string[]; ok: boolean }> {
  const dir = await makeTempDir('handoff-extract-');
  const zip = path.join(dir, 'bad.zip');
  await fs.writeFile(zip, craftZip(entries));
  const dest = path.join(dir, 'a', 'dest');
  await fs.mkdir(dest, { recursive: true });
  const result = await extract(zip, dest);
  return { dir, dest, refusals: result.refusals, ok: result.ok };
}

/** Every path under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true });
  return entries.map((e) => e.split(path.sep).join('/')).sort();
}

const body = Buffer.from('payload');

afterAll(removeTempDirs);

describe.each([true, false])('extractZipSafely (single pass: %s)', (singlePass) => {
  beforeAll(() => {
    mode.singlePass = singlePass;
  });

  it('extracts a good bundle and hashes every file while extracting', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBundle(dir);
    const dest = path.join(dir, 'x');
    await fs.mkdir(dest);
    const result = await extract(built.zipPath, dest);
    expect(result.ok).toBe(true);
    expect(result.files).toHaveLength(built.fileCount);
    for (const f of result.files) {
      const onDisk = await fs.readFile(path.join(dest, f.name));
      expect([f.name, f.sha256, f.size]).toEqual([
        f.name,
        createHash('sha256').update(onDisk).digest('hex'),
        onDisk.length,
      ]);
    }
  });

  it.each([
    ['top/../../evil.txt', 'has a `..` segment'],
    ['../evil.txt', 'has a `..` segment'],
    ['/tmp/evil.txt', 'is an absolute path'],
    ['C:/evil.txt', 'starts with a drive letter'],
    ['top\\..\\..\\evil.txt', 'contains a backslash'],
  ])('refuses %j without writing anything', async (name, reason) => {
    const { dir, refusals, ok } = await extractCrafted([
      { name: 'top/ok.txt', data: body },
      { name, data: body },
    ]);
    expect(ok).toBe(false);
    expect(refusals).toEqual([expect.stringContaining(`entry ${JSON.stringify(name)} ${reason}`)]);
    expect(await tree(dir)).toEqual(['a', 'a/dest', 'bad.zip']);
  });

  it('refuses a symlink entry made by zip -y', async () => {
    const dir = await makeTempDir('handoff-extract-');
    await fs.mkdir(path.join(dir, 'top'));
    await fs.writeFile(path.join(dir, 'top', 'ok.txt'), 'ok');
    await fs.symlink('/etc/passwd', path.join(dir, 'top', 'link'));
    execFileSync('zip', ['-q', '-y', '-r', 'link.zip', 'top'], { cwd: dir });
    const dest = path.join(dir, 'dest');
    await fs.mkdir(dest);
    const result = await extract(path.join(dir, 'link.zip'), dest);
    expect(result.refusals).toEqual(['entry "top/link" is a symbolic link']);
    expect(await tree(dest)).toEqual([]);
  });

  it.each([
    ['an exact duplicate', 'top/a.txt', 'top/a.txt', 'duplicate name'],
    ['an NFC duplicate', 'top/caf\u00e9.txt', 'top/cafe\u0301.txt', 'same name after Unicode NFC normalisation'],
    [
      'a case-folded duplicate',
      'top/Logo.png',
      'top/logo.png',
      'differs only by letter case (one file on case-insensitive filesystems)',
    ],
    ['a file/folder conflict', 'top/a', 'top/a/b.txt', 'needs `top/a` to be a folder but it is a file'],
  ])('refuses %s', async (_label, first, second, reason) => {
    const { dest, refusals } = await extractCrafted([
      { name: first, data: body },
      { name: second, data: body },
    ]);
    expect(refusals).toEqual([`entry ${JSON.stringify(second)} collides with ${JSON.stringify(first)}: ${reason}`]);
    expect(await tree(dest)).toEqual([]);
  });

  it('refuses special files and undecodable names', async () => {
    const { refusals } = await extractCrafted([
      { name: 'top/fifo', unixMode: 0o010644 },
      { name: Buffer.from('top/caf\xe9.txt', 'latin1'), utf8: false, data: body },
    ]);
    expect(refusals).toEqual([
      'entry "top/fifo" is a special file (unix mode 010644)',
      'entry "top/caf\u00e9.txt" name has non-ASCII bytes without the UTF-8 flag (tools disagree on what it means)',
    ]);
  });

  it('refuses a compression ratio beyond 200:1 on a big entry, and a total over the cap', async () => {
    const zeros = Buffer.alloc(2 * 1024 * 1024);
    const bomb = await extractCrafted([{ name: 'top/zeros.bin', data: zeros, deflate: true }]);
    expect(bomb.refusals).toEqual([
      expect.stringMatching(/^entry "top\/zeros.bin" expands \d+ bytes to 2097152 \(ratio over 200:1/),
    ]);

    const dir = await makeTempDir('handoff-extract-');
    const zip = path.join(dir, 'z.zip');
    await fs.writeFile(
      zip,
      craftZip([
        { name: 'top/a', data: Buffer.alloc(600) },
        { name: 'top/b', data: Buffer.alloc(600) },
      ]),
    );
    const capped = await extract(zip, path.join(dir, 'x'), {
      maxTotalBytes: 1000,
      maxRatio: 200,
      ratioMinBytes: 1,
      maxEntries: 10,
    });
    expect(capped.refusals).toEqual(['the zip expands to 1200 bytes, over the 1000-byte limit']);
  });

  it('refuses a truncated zip', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBundle(dir);
    const bytes = await fs.readFile(built.zipPath);
    const cut = path.join(dir, 'cut.zip');
    await fs.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const dest = path.join(dir, 'x');
    await fs.mkdir(dest);
    const result = await extract(cut, dest);
    expect(result.ok).toBe(false);
    expect(result.refusals[0]).toMatch(/^cannot read the zip: .*\(not a zip file, or truncated\)$/);
    expect(await tree(dest)).toEqual([]);
  });

  it('refuses an entry whose stored bytes were corrupted (CRC-32)', async () => {
    const dir = await makeTempDir();
    const bytes = craftZip([{ name: 'top/a.txt', data: Buffer.from('hello world') }]);
    bytes[30 + 'top/a.txt'.length + 3] ^= 0xff; // flip a byte inside the stored data
    const zip = path.join(dir, 'flip.zip');
    await fs.writeFile(zip, bytes);
    const result = await extract(zip, path.join(dir, 'x'));
    expect(result.refusals).toEqual(['entry "top/a.txt" fails its CRC-32 check: the zip is corrupt']);
  });

  it('refuses entries sharing their data (overlap bomb) and local headers that name another file', async () => {
    const a = { name: 'top/a.txt', data: body };
    const overlapping = craftZip([a, { name: 'top/b.txt', data: body }]);
    const cdStart = overlapping.readUInt32LE(overlapping.length - 22 + 16);
    overlapping.writeUInt32LE(0, cdStart + 46 + a.name.length + 42); // b's local header offset -> a's
    const inconsistent = craftZip([a]);
    inconsistent.write('top/z.txt', 30, 'latin1'); // local header name differs from the central one
    const dir = await makeTempDir('handoff-extract-');
    const results = [];
    for (const [file, bytes] of [
      ['overlap.zip', overlapping],
      ['names.zip', inconsistent],
    ] as const) {
      await fs.writeFile(path.join(dir, file), bytes);
      results.push((await extract(path.join(dir, file), path.join(dir, `${file}.d`))).refusals);
    }
    expect(results).toEqual([
      ['entry "top/b.txt" overlaps the data of entry "top/a.txt" (a zip bomb pattern)'],
      ['entry "top/a.txt" has a local header naming "top/z.txt": the zip is inconsistent'],
    ]);
  });

  it('reports a file that cannot be written for its own entry, lists only the files before it, and finishes every write first', async () => {
    // Entries are read while the previous file is still being written: b.txt's write fails
    // (a file is already there: 'wx') while c.txt is read, and b.txt is the entry reported.
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 9);
    const dir = await makeTempDir('handoff-extract-');
    const zip = path.join(dir, 'z.zip');
    await fs.writeFile(
      zip,
      craftZip([
        { name: 'top/a.txt', data: big },
        { name: 'top/b.txt', data: body },
        { name: 'top/c.txt', data: big },
        { name: 'top/d.txt', data: body },
      ]),
    );
    const dest = path.join(dir, 'x');
    await fs.mkdir(path.join(dest, 'top'), { recursive: true });
    await fs.writeFile(path.join(dest, 'top', 'b.txt'), 'already here');
    const result = await extract(zip, dest);
    expect(result.ok).toBe(false);
    expect(result.refusals).toEqual([expect.stringMatching(/^entry "top\/b\.txt" cannot be extracted: .*EEXIST/)]);
    expect(result.files.map((f) => f.name)).toEqual(['top/a.txt']);
    expect(await fs.readFile(path.join(dest, 'top', 'b.txt'), 'utf8')).toBe('already here');
    expect((await fs.readFile(path.join(dest, 'top', 'a.txt'))).equals(big)).toBe(true);
    expect(await tree(dest)).not.toContain('top/d.txt'); // stopped at the failure
    // Nothing is still writing once it returns: the folder can be removed at once.
    await fs.rm(dest, { recursive: true });
  });

  it('extracts many entries in order with every file complete when it returns', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({
      name: `top/d${i % 7}/f${i}.bin`,
      data: Buffer.alloc(1000 + i * 5000, i),
      deflate: i % 3 === 0,
    }));
    const dir = await makeTempDir('handoff-extract-');
    const zip = path.join(dir, 'many.zip');
    await fs.writeFile(zip, craftZip(entries));
    const dest = path.join(dir, 'x');
    await fs.mkdir(dest);
    const result = await extract(zip, dest);
    expect(result.ok).toBe(true);
    expect(result.files.map((f) => f.name)).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect((await fs.readFile(path.join(dest, e.name))).equals(e.data)).toBe(true);
  });
});
