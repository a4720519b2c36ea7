import { compareImages } from '../../packages/handoff-core/src/regen-proof/compare-images';
import type { RgbaImage } from '../../packages/handoff-core/src/regen-proof/decode-image';
import { IMAGES } from './make-example-assets';
import { applyDrift } from './render-request';

function rgba(p: { width: number; height: number; channels: 3 | 4; bytes: Uint8Array }): RgbaImage {
  const data = new Uint8Array(p.width * p.height * 4);
  for (let i = 0; i < p.width * p.height; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = p.bytes[i * p.channels + c];
    data[i * 4 + 3] = p.channels === 4 ? p.bytes[i * p.channels + 3] : 255;
  }
  return { width: p.width, height: p.height, data };
}

jest.setTimeout(60_000);

/** The regeneration proof's thresholds against the fake's drift switches, on every example picture. */
describe.each(IMAGES.filter((s) => s.file.endsWith('.png')).map((s) => [s.file, s] as const))('%s', (_file, spec) => {
  const canvas = spec.draw();
  const channels = spec.channels ?? 3;
  const picture = { width: canvas.width, height: canvas.height, channels, bytes: canvas.toBytes(channels) };

  it('unchanged: identical; slight noise: equivalent; mirrored with rotated colours: drifted', async () => {
    const original = rgba(picture);
    expect((await compareImages(original, rgba(picture))).verdict).toBe('identical');
    expect((await compareImages(original, rgba(applyDrift(picture, 'slight', 1)))).verdict).toBe('equivalent');
    expect((await compareImages(original, rgba(applyDrift(picture, 'large', 1)))).verdict).toBe('drifted');
  });
});
