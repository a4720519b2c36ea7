import archiver from 'archiver';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import { noise } from '../whitelabel/image-metadata/fixtures/stream-helpers';
import { useNativeCrcFor } from './native-crc32';

// The pure-JS CRC that archiver's zip engine uses (through crc32-stream); spied on to see who computes.

const crcJs = require('crc-32') as { buf(data: Uint8Array, seed?: number): number };

const BIG = noise(3 * 1024 * 1024 + 4321, 7);
const TEXT = Buffer.from('{"prompt":"a teal wave"}\n'.repeat(5000));
const DATE = new Date(Date.UTC(2025, 2, 4));

/** Streams in 1 MiB chunks, as the packager reads files. */
const chunked = (data: Buffer): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(data.length / 2 ** 20) }, (_, i) => data.subarray(i * 2 ** 20, (i + 1) * 2 ** 20)),
  );

/** A zip with streamed STORE, DEFLATE and empty entries and buffer entries, like the packager's. */
async function buildZip(native: boolean, forceZip64 = false): Promise<{ bytes: Buffer; patched: boolean }> {
  const archive = archiver('zip', { zlib: { level: 9 }, forceZip64, forceLocalTime: false, comment: '' });
  const patched = native ? useNativeCrcFor(archive) : false;
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      done();
    },
  });
  const piped = pipeline(archive, sink);
  const entry = (name: string, store: boolean) => ({ name, date: DATE, mode: 0o644, store });
  archive.append(chunked(BIG), entry('top/big.png', true));
  archive.append(chunked(TEXT), entry('top/deck.md', false));
  archive.append(Readable.from([]), entry('top/empty.png', true));
  archive.append(Readable.from([]), entry('top/empty.md', false));
  archive.append(Buffer.from('abc\n'), entry('top/small.txt', true));
  archive.append(TEXT.subarray(0, 5000), entry('top/checksums.sha256', false));
  await archive.finalize();
  await piped;
  return { bytes: Buffer.concat(parts), patched };
}

/** name -> CRC-32 recorded in the central directory. */
function recordedCrcs(zip: Buffer): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, z) => {
      if (err) return reject(err);
      const out = new Map<string, number>();
      z.on('entry', (e: yauzl.Entry) => {
        out.set(e.fileName, e.crc32 >>> 0);
        z.readEntry();
      });
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}

afterEach(() => jest.restoreAllMocks());

describe('useNativeCrcFor', () => {
  it.each([false, true])('writes the same zip bytes as stock archiver (forceZip64: %s)', async (zip64) => {
    const stock = await buildZip(false, zip64);
    const native = await buildZip(true, zip64);
    expect(native.patched).toBe(true);
    expect(native.bytes.length).toBe(stock.bytes.length);
    expect(native.bytes.equals(stock.bytes)).toBe(true);
  });

  it('records the right CRC-32 for every entry', async () => {
    const crcs = await recordedCrcs((await buildZip(true)).bytes);
    expect(crcs.get('top/big.png')).toBe(crc32(BIG) >>> 0);
    expect(crcs.get('top/deck.md')).toBe(crc32(TEXT) >>> 0);
    expect(crcs.get('top/empty.png')).toBe(0);
    expect(crcs.get('top/empty.md')).toBe(0);
    expect(crcs.get('top/small.txt')).toBe(crc32(Buffer.from('abc\n')) >>> 0);
  });

  it('takes the streamed entries off the JS CRC; only a STOREd buffer entry still uses it', async () => {
    const spy = jest.spyOn(crcJs, 'buf');
    await buildZip(false);
    const stockBytes = spy.mock.calls.reduce((n, [data]) => n + data.length, 0);
    spy.mockClear();
    await buildZip(true);
    const nativeBytes = spy.mock.calls.reduce((n, [data]) => n + data.length, 0);
    expect(stockBytes).toBe(BIG.length + TEXT.length + 4 + 5000);
    expect(nativeBytes).toBe(4); // the STOREd buffer entry (compress-commons' _appendBuffer); a deflated one is streamed
  });

  it('leaves an archive alone when its internals are not the expected ones', () => {
    expect(useNativeCrcFor({} as archiver.Archiver)).toBe(false);
    expect(useNativeCrcFor({ _module: { engine: {} } } as unknown as archiver.Archiver)).toBe(false);
  });
});
