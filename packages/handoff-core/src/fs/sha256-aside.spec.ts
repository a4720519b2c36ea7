import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { createSha256Aside, SLOT_BYTES, SLOTS } from './sha256-aside';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('createSha256Aside', () => {
  it('hashes interleaved streams on the worker, chunks larger than a slot and more data than the ring', async () => {
    const aside = createSha256Aside();
    try {
      const a = randomBytes(SLOT_BYTES * SLOTS * 2 + 123); // more than the ring holds
      const b = randomBytes(3 * SLOT_BYTES + 7); // one chunk spanning several slots
      const ha = aside.begin();
      const hb = aside.begin();
      const empty = aside.begin();
      for (let off = 0; off < a.length; off += 300_000) {
        await ha.update(a.subarray(off, off + 300_000));
        if (off === 0) await hb.update(b);
      }
      const [da, db, de] = await Promise.all([ha.end(), hb.end(), empty.end()]);
      expect(da).toEqual({ sha256: sha(a), crc32: undefined });
      expect(db.sha256).toBe(sha(b));
      expect(de.sha256).toBe(sha(Buffer.alloc(0)));
    } finally {
      await aside.close();
    }
  });

  it('copies each chunk: the caller may reuse its buffer once update returns', async () => {
    const aside = createSha256Aside();
    try {
      const h = aside.begin();
      const buf = Buffer.alloc(1000, 1);
      const expected = createHash('sha256');
      for (let i = 0; i < 20; i++) {
        buf.fill(i);
        expected.update(buf);
        await h.update(buf);
      }
      expect((await h.end()).sha256).toBe(expected.digest('hex'));
    } finally {
      await aside.close();
    }
  });

  it('computes the CRC-32 beside the sha256 when asked (zip entries)', async () => {
    const aside = createSha256Aside();
    try {
      const data = randomBytes(SLOT_BYTES * 3 + 5);
      const h = aside.begin({ crc: true });
      await h.update(data);
      expect(await h.end()).toEqual({ sha256: sha(data), crc32: crc32(data) >>> 0 });
    } finally {
      await aside.close();
    }
  });

  it('rejects digests once closed', async () => {
    const aside = createSha256Aside();
    const h = aside.begin();
    await h.update(Buffer.from('x'));
    await aside.close();
    await expect(h.end()).rejects.toThrow(/closed/);
  });
});
