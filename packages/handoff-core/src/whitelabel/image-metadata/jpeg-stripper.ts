import { MetadataStripper } from './base-stripper';
import type { StripperOptions } from '../../config/image-categories';
import {
  EXIF_ID,
  MAX_JPEG_XMP_PACKET,
  XMP_ID,
  classifyJpegSegment,
  jpegSegmentHead,
  reduceJfif,
} from './jpeg-segments';

type State = 'soi' | 'marker' | 'length' | 'segment' | 'entropy' | 'trailer';

const SOS = 0xda;
const EOI = 0xd9;

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/**
 * JPEG: parses marker segments (each at most 64 KiB, buffered whole), reduces Exif and XMP to their
 * kept parts, drops the segments of removed categories (IPTC/Photoshop, comments, thumbnails,
 * extended XMP, other application segments), keeps JFIF, Adobe and the kept ones (ICC, C2PA
 * JUMBF); writes the disclosure XMP before the first scan when asked. Scan headers, tables and entropy-coded data pass
 * through byte for byte (scanned only for the 0xFF that starts the next marker); APPn/COM between
 * progressive scans are treated like those before the first scan; bytes after EOI (MPF secondary
 * images, appended files) are dropped as trailing data.
 */
export class JpegMetadataStripper extends MetadataStripper {
  private state: State = 'soi';
  private marker = 0;
  private segmentLength = 0;
  private scanned = false;
  /** The first scan's header was written (the disclosure XMP, if any, goes before it). */
  private scannedBefore = false;

  constructor(fileName: string, opts: StripperOptions) {
    super(fileName, 'jpeg', opts);
  }

  protected parse(): void {
    while (this.advance());
  }

  protected finish(): void {
    // A file cut inside the entropy-coded data (no EOI) is passed as it came: decoders show what is there.
    if (this.state === 'trailer' || (this.scanned && (this.state === 'entropy' || this.state === 'marker'))) return;
    if (this.state === 'soi') throw this.malformed('the file is too short for a JPEG');
    throw this.malformed(
      this.scanned
        ? 'the file ends inside a marker segment'
        : 'the file ends before the image data (no start-of-scan marker)',
    );
  }

  private advance(): boolean {
    const q = this.queue;
    switch (this.state) {
      case 'soi': {
        if (q.length < 2) return false;
        const soi = q.take(2);
        if (soi[0] !== 0xff || soi[1] !== 0xd8) throw this.malformed('missing the start-of-image marker');
        this.output(soi);
        this.state = 'marker';
        return true;
      }
      case 'marker':
        return this.readMarker();
      case 'length': {
        if (q.length < 2) return false;
        const length = q.take(2).readUInt16BE(0);
        if (length < 2) throw this.malformed(`segment 0xFF${hex(this.marker)} has a length of ${length}`);
        this.segmentLength = length - 2;
        this.state = 'segment';
        return true;
      }
      case 'segment':
        if (q.length < this.segmentLength) return false;
        this.writeSegment(q.take(this.segmentLength));
        this.state = this.marker === SOS ? 'entropy' : 'marker';
        return true;
      case 'entropy':
        return this.readEntropy();
      case 'trailer':
        if (q.length > 0) this.markRemoved('trailing-data');
        q.skip(q.length);
        return false;
    }
  }

  /** Pass entropy-coded bytes through up to the next real marker (not 0xFF00 stuffing or RSTn). */
  private readEntropy(): boolean {
    const q = this.queue;
    const front = q.front();
    if (front.length === 0) return false;
    const ff = front.indexOf(0xff);
    if (ff !== 0) {
      this.output(q.takeSome(ff < 0 ? front.length : ff));
      return true;
    }
    if (q.length < 2) return false;
    const next = q.peek(2)[1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) this.output(q.take(2));
    else if (next === 0xff)
      this.output(q.take(1)); // fill byte before a marker
    else this.state = 'marker';
    return true;
  }

  private readMarker(): boolean {
    const q = this.queue;
    if (q.length < 2) return false;
    const [lead, marker] = q.peek(2);
    if (lead !== 0xff) throw this.malformed(`expected a marker, found byte 0x${hex(lead)}`);
    if (marker === 0xff) {
      q.skip(1); // fill byte
      return true;
    }
    q.skip(2);
    if (marker === EOI && this.scanned) {
      this.output(Buffer.from([0xff, EOI]));
      this.state = 'trailer';
    } else if (marker === EOI || marker === 0xd8 || marker === 0x00) {
      throw this.malformed(`unexpected marker 0xFF${hex(marker)}${this.scanned ? '' : ' before the image data'}`);
    } else if (isStandalone(marker)) {
      this.output(Buffer.from([0xff, marker]));
    } else {
      if (marker === SOS) this.scanned = true;
      this.marker = marker;
      this.state = 'length';
    }
    return true;
  }

  private writeSegment(payload: Buffer): void {
    if (this.marker === SOS) this.writeDisclosure();
    const rule = classifyJpegSegment(this.marker, payload, this.kept);
    let out: Buffer | undefined = payload;
    if (rule.action === 'drop') out = undefined;
    else if (rule.action === 'reduce-jfif') out = reduceJfif(payload) ?? payload;
    else if (rule.action === 'reduce-exif') out = this.reduceExif(payload);
    else if (rule.action === 'reduce-xmp') out = this.reduceXmp(payload);
    else if (rule.category === 'xmp') this.xmpWritten = true;
    if (out) {
      this.output(jpegSegmentHead(this.marker, out.length));
      this.output(out);
    }
    if (!rule.category) return;
    const changed = out !== payload && !(out && out.equals(payload));
    if (changed && rule.action !== 'reduce-exif' && rule.action !== 'reduce-xmp') this.markRemoved(rule.category);
    else if (!changed && rule.category === 'c2pa') this.markC2paKept();
    if (rule.action === 'reduce-jfif') return;
    const name = this.marker === 0xfe ? 'COM' : `APP${this.marker - 0xe0}`;
    this.reportPayload(rule.category, rule.action === 'reduce-exif' ? payload.subarray(EXIF_ID.length) : payload, name);
  }

  /** APP1 Exif payload reduced to the kept tags, or undefined to drop it. */
  private reduceExif(payload: Buffer): Buffer | undefined {
    const reduced = this.rewriteExif(payload.subarray(EXIF_ID.length), 'APP1 Exif segment');
    return reduced ? Buffer.concat([EXIF_ID, reduced]) : undefined;
  }

  /** APP1 XMP payload reduced to the kept properties (dropped when it would not fit one segment). */
  private reduceXmp(payload: Buffer): Buffer | undefined {
    const packet = this.rewriteXmp(payload.subarray(XMP_ID.length));
    if (packet && packet.length > MAX_JPEG_XMP_PACKET) {
      this.markRemoved('xmp');
      this.xmpWritten = false;
      return undefined;
    }
    return packet ? Buffer.concat([XMP_ID, packet]) : undefined;
  }

  private writeDisclosure(): void {
    if (this.scannedBefore) return;
    this.scannedBefore = true;
    const packet = this.disclosureXmp();
    if (!packet) return;
    const body = Buffer.concat([XMP_ID, packet]);
    this.output(jpegSegmentHead(0xe1, body.length));
    this.output(body);
  }
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
