import { readFileSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OutputRuns } from './base-stripper';
import { createMetadataStripper } from './create-stripper';
import { REPO_JPEG, jpegSegment, withSegments } from './fixtures/jpeg-helpers';
import { buildPng, tEXt } from './fixtures/png-builder';
import { noise, runChunked } from './fixtures/stream-helpers';
import { PNG_SIGNATURE, encodePngChunk } from './png-stripper';

const opts = { keepC2pa: false };

/**
 * Run `bytes` as ONE input chunk through a stripper: the output, how many pieces the parser emitted
 * and how many buffers they were pushed as.
 */
async function oneChunk(fileName: string, bytes: Buffer): Promise<{ out: Buffer; pieces: number; pushes: number }> {
  const add = jest.spyOn(OutputRuns.prototype, 'add');
  const stripper = createMetadataStripper(fileName, opts)!;
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      done();
    },
  });
  try {
    await pipeline(Readable.from([bytes]), stripper, sink);
    return { out: Buffer.concat(parts), pieces: add.mock.calls.length, pushes: parts.length };
  } finally {
    add.mockRestore();
  }
}

describe('OutputRuns', () => {
  it('joins consecutive slices of one buffer without copying', () => {
    const src = noise(1000, 3);
    const runs = new OutputRuns();
    runs.add(src.subarray(0, 8));
    runs.add(src.subarray(8, 500));
    runs.add(src.subarray(500, 500)); // empty: ignored
    runs.add(src.subarray(500, 1000));
    const out = runs.take();
    expect(out).toHaveLength(1);
    expect(out[0].equals(src)).toBe(true);
    expect(out[0].buffer).toBe(src.buffer); // a view, not a copy
    expect(out[0].byteOffset).toBe(src.byteOffset);
    expect(runs.take()).toEqual([]); // take() resets
  });

  it('keeps gaps and foreign buffers as separate runs, in order', () => {
    const src = noise(100, 5);
    const other = Buffer.from('xyz');
    const runs = new OutputRuns();
    runs.add(src.subarray(0, 10));
    runs.add(src.subarray(20, 30)); // a gap: bytes 10-19 were dropped
    runs.add(other);
    runs.add(src.subarray(30, 40)); // adjacent to 20-30 in memory, but not the last piece added
    const out = runs.take();
    expect(out.map((b) => b.length)).toEqual([10, 10, 3, 10]);
    expect(
      Buffer.concat(out).equals(
        Buffer.concat([src.subarray(0, 10), src.subarray(20, 30), other, src.subarray(30, 40)]),
      ),
    ).toBe(true);
  });

  it('joins more than four runs into one buffer', () => {
    const pieces = Array.from({ length: 9 }, (_, i) => Buffer.from([i, i + 1]));
    const runs = new OutputRuns();
    for (const p of pieces) runs.add(p);
    const out = runs.take();
    expect(out).toHaveLength(1);
    expect(out[0].equals(Buffer.concat(pieces))).toBe(true);
  });
});

describe('stripper output is pushed in few buffers, same bytes', () => {
  it('PNG: 40 IDAT chunks in one input chunk come out as two buffers (signature, the rest), byte for byte', async () => {
    const idats = Array.from({ length: 40 }, (_, i) => encodePngChunk('IDAT', noise(4096, i + 1)));
    const ihdr = encodePngChunk('IHDR', Buffer.from([0, 0, 0, 8, 0, 0, 0, 6, 8, 2, 0, 0, 0]));
    const png = Buffer.concat([PNG_SIGNATURE, ihdr, ...idats, encodePngChunk('IEND', Buffer.alloc(0))]);
    // The signature, every 8-byte head, data slice and 4-byte CRC are emitted one by one (each was a push).
    const { out, pieces, pushes } = await oneChunk('a.png', png);
    expect(out.equals(png)).toBe(true);
    expect(pieces).toBe(1 + 3 * 42 - 1); // IEND has no data slice
    expect(pushes).toBe(2); // the signature is a constant, not a slice of the input
    expect(out.length).toBe(png.length);
  });

  it('PNG with metadata: dropped chunks leave gaps, the output matches a byte-by-byte run', async () => {
    const png = buildPng({ before: [tEXt('parameters', 'internal prompt')], after: [tEXt('Comment', 'x')] });
    const { out, pushes } = await oneChunk('a.png', png);
    expect(out.equals(await runChunked(createMetadataStripper('a.png', opts)!, png, [1]))).toBe(true);
    expect(out.includes(Buffer.from('internal prompt'))).toBe(false);
    expect(pushes).toBeLessThanOrEqual(4);
  });

  it('JPEG: entropy data cut at every 0xFF00 stuffing comes out in at most a few buffers', async () => {
    const jpeg = withSegments(readFileSync(REPO_JPEG), [jpegSegment(0xfe, 'internal comment')]);
    const { out, pieces, pushes } = await oneChunk('a.jpg', jpeg);
    expect(out.equals(await runChunked(createMetadataStripper('a.jpg', opts)!, jpeg, [1]))).toBe(true);
    expect(out.includes(Buffer.from('internal comment'))).toBe(false);
    expect(pieces).toBeGreaterThan(50);
    expect(pushes).toBeLessThanOrEqual(4);
  });
});
