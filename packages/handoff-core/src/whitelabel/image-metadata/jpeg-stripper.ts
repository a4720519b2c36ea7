import { MetadataStripper } from './base-stripper';
import type { StripperOptions } from './categories';
import { reduceExifToOrientation } from './exif-orientation';
import { EXIF_ID, classifyJpegSegment, jpegSegmentHead, reduceJfif } from './jpeg-segments';

type State = 'soi' | 'marker' | 'length' | 'segment' | 'scan';

const SOS = 0xda;
const EOI = 0xd9;

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/**
 * JPEG: parses the marker segments before the first start-of-scan (each at most 64 KiB, buffered
 * whole), drops Exif beyond Orientation, XMP, IPTC/Photoshop, comments, thumbnails and other
 * application segments, keeps JFIF, ICC, Adobe and (optionally) C2PA JUMBF. From SOS on every
 * byte passes through untouched.
 */
export class JpegMetadataStripper extends MetadataStripper {
  private state: State = 'soi';
  private marker = 0;
  private segmentLength = 0;

  constructor(fileName: string, opts: StripperOptions) {
    super(fileName, 'jpeg', opts);
  }

  protected parse(): void {
    while (this.advance());
  }

  protected finish(): void {
    if (this.state === 'scan') return;
    throw this.malformed(this.state === 'soi' ? 'the file is too short for a JPEG' : 'the file ends before the image data (no start-of-scan marker)');
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
        if (length < 2) throw this.malformed(`segment 0xFF${this.hex(this.marker)} has a length of ${length}`);
        this.segmentLength = length - 2;
        this.state = 'segment';
        return true;
      }
      case 'segment':
        if (q.length < this.segmentLength) return false;
        this.writeSegment(q.take(this.segmentLength));
        this.state = 'marker';
        return true;
      case 'scan': {
        const piece = q.takeSome(q.length);
        this.output(piece);
        return piece.length > 0;
      }
    }
  }

  private hex(n: number): string {
    return n.toString(16).toUpperCase().padStart(2, '0');
  }

  private readMarker(): boolean {
    const q = this.queue;
    if (q.length < 2) return false;
    const [lead, marker] = q.peek(2);
    if (lead !== 0xff) throw this.malformed(`expected a marker, found byte 0x${this.hex(lead)}`);
    if (marker === 0xff) {
      q.skip(1); // fill byte
      return true;
    }
    q.skip(2);
    if (marker === SOS) {
      this.output(Buffer.from([0xff, SOS]));
      this.state = 'scan';
    } else if (marker === EOI || marker === 0xd8 || marker === 0x00) {
      throw this.malformed(`unexpected marker 0xFF${this.hex(marker)} before the image data`);
    } else if (isStandalone(marker)) {
      this.output(Buffer.from([0xff, marker]));
    } else {
      this.marker = marker;
      this.state = 'length';
    }
    return true;
  }

  private writeSegment(payload: Buffer): void {
    const rule = classifyJpegSegment(this.marker, payload, this.opts.keepC2pa);
    let out: Buffer | undefined = payload;
    if (rule.action === 'drop') out = undefined;
    else if (rule.action === 'reduce-jfif') out = reduceJfif(payload) ?? payload;
    else if (rule.action === 'reduce-exif') out = this.reduceExif(payload);
    if (out) {
      this.output(jpegSegmentHead(this.marker, out.length));
      this.output(out);
    }
    if (!rule.category) return;
    if (out !== payload && !(out && out.equals(payload))) this.markRemoved(rule.category);
    else if (rule.category === 'c2pa') this.markC2paKept();
    if (rule.action === 'reduce-jfif') return;
    const name = this.marker === 0xfe ? 'COM' : `APP${this.marker - 0xe0}`;
    this.reportPayload(rule.category, rule.action === 'reduce-exif' ? payload.subarray(EXIF_ID.length) : payload, name);
  }

  /** APP1 Exif payload reduced to Orientation, or undefined to drop it. */
  private reduceExif(payload: Buffer): Buffer | undefined {
    let reduced: Buffer | undefined;
    try {
      reduced = reduceExifToOrientation(payload.subarray(EXIF_ID.length));
    } catch (err) {
      throw this.malformed(`APP1 Exif segment: ${(err as Error).message}`);
    }
    return reduced ? Buffer.concat([EXIF_ID, reduced]) : undefined;
  }
}
