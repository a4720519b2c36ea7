import { centralHeader, dataDescriptor, dosDateTime, newRecord, type EntryRecord } from './zip-records';

/**
 * ZIP64 records need entries or offsets past 4 GiB, too big to write in a unit test: compare the
 * records alone with compress-commons 6 (archiver 7's zip engine, the writer the bundle bytes must
 * stay identical to), fed the same entry state.
 */
const { ZipArchiveOutputStream, ZipArchiveEntry } = require('compress-commons') as {
  ZipArchiveOutputStream: new (opts: object) => Record<string, (...a: unknown[]) => unknown>;
  ZipArchiveEntry: new (name: string) => Record<string, (...a: unknown[]) => unknown> & { _offsets?: object };
};

function reference(e: EntryRecord, name: string, date: Date): { central: Buffer; descriptor: Buffer } {
  const out = new ZipArchiveOutputStream({});
  let parts: Buffer[] = [];
  out.write = (b: unknown) => {
    parts.push(Buffer.from(b as Buffer));
    return true;
  };
  const ae = new ZipArchiveEntry(name);
  ae.setTime(date, false);
  ae.setUnixMode(0o644);
  ae.setMethod(e.method);
  (ae.getGeneralPurposeBit() as { useDataDescriptor(b: boolean): void }).useDataDescriptor(e.descriptor);
  ae.setVersionNeededToExtract(e.descriptor ? 20 : 10);
  ae.setSize(e.size);
  ae.setCompressedSize(e.csize);
  ae.setCrc(e.crc);
  ae._offsets = { file: e.offset, data: 0, contents: 0 };
  out._writeDataDescriptor(ae);
  const descriptor = Buffer.concat(parts);
  parts = [];
  out._writeCentralFileHeader(ae);
  return { central: Buffer.concat(parts), descriptor };
}

describe('zip records', () => {
  const date = new Date(Date.UTC(2026, 10, 20));
  const GiB = 1024 ** 3;
  it.each([
    ['small entry', 1000, 1000, 4096],
    ['5 GiB video (ZIP64 sizes)', 5 * GiB, 5 * GiB, 1024],
    ['small entry past 4 GiB (ZIP64 offset)', 2048, 2048, 6 * GiB + 7],
    ['exactly 0xFFFFFFFF bytes (not ZIP64)', 0xffffffff, 0xffffffff, 0],
  ])('%s: the central header and data descriptor compress-commons writes', (_what, size, csize, offset) => {
    const name = 'acme-handoff-v1/assets/vidéo.mp4';
    const e = newRecord(name, dosDateTime(date), { stream: true, store: true }, offset);
    Object.assign(e, { size, csize, crc: 0xdeadbeef });
    const ref = reference(e, name, date);
    expect(dataDescriptor(e).equals(ref.descriptor)).toBe(true);
    expect(centralHeader(e).equals(ref.central)).toBe(true);
  });
});
