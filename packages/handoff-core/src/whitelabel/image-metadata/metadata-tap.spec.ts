import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isHandoffError } from '../../errors';
import { REPO_JPEG } from './fixtures/jpeg-helpers';
import { buildPng, tEXt } from './fixtures/png-builder';
import { noise } from './fixtures/stream-helpers';
import { WEBP_LOSSY } from './fixtures/webp-samples';
import { createImageMetadataTap, readImageMetadataText } from './metadata-text';

/** Pass `bytes` through the tap in `size`-byte chunks; resolve with what came out and the tap's result. */
async function throughTap(name: string, bytes: Buffer, size = 7): Promise<{ out: Buffer; result: Promise<unknown> }> {
  const t = createImageMetadataTap(name)!;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const out: Buffer[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) });
  await pipeline(Readable.from(chunks), t.tap, sink);
  return { out: Buffer.concat(out), result: t.result };
}

describe('createImageMetadataTap', () => {
  const png = buildPng({ before: [tEXt('parameters', 'teal wave, Globex style')], idatSize: 4096 });
  const jpeg = readFileSync(REPO_JPEG);

  it('passes the bytes through unchanged and reads what readImageMetadataText reads', async () => {
    for (const [name, bytes] of [
      ['a.png', png],
      ['b.jpg', jpeg],
      ['c.webp', WEBP_LOSSY],
    ] as const) {
      const { out, result } = await throughTap(name, bytes);
      expect(out.equals(bytes)).toBe(true);
      expect(await result).toEqual(await readImageMetadataText(name, bytes));
    }
  });

  it('reports a broken image through its result and still passes every byte on', async () => {
    const broken = Buffer.concat([png.subarray(0, 40), noise(5000)]);
    const { out, result } = await throughTap('broken.png', broken, 1000);
    expect(out.equals(broken)).toBe(true);
    const err = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isHandoffError(err)).toBe(true);
    await expect(readImageMetadataText('broken.png', broken)).rejects.toThrow((err as Error).message);
  });

  it('is undefined for files the stripper does not handle', () => {
    expect(createImageMetadataTap('clip.mp4')).toBeUndefined();
  });
});
