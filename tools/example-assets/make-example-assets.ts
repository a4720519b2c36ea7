/**
 * Regenerates the example images of apps/example-client (committed with this script).
 *
 *   node -r @swc-node/register tools/example-assets/make-example-assets.ts          # write
 *   node -r @swc-node/register tools/example-assets/make-example-assets.ts --check  # compare only
 *
 * Deterministic: same bytes on every run (fixed drawings, seeded PRNG, fixed zlib level). PNGs
 * need only Node; the one JPEG (the licensed stock photo) is encoded by `cjpeg` from
 * libjpeg-turbo (Debian: `apt-get install -y libjpeg-turbo-progs`). Without cjpeg the committed
 * JPEG is kept as it is.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Canvas } from './canvas';
import { encodePng, encodePpm } from './png-encoder';
import * as scene from './scenes';

const CLIENT_ROOT = path.resolve(__dirname, '../../apps/example-client');
const JPEG_QUALITY = '82';

interface ImageSpec {
  /** Path relative to apps/example-client. */
  file: string;
  draw: () => Canvas;
  channels?: 3 | 4;
}

const SPRING = 'deliverables/spring-launch';
const SUMMER = 'deliverables/summer-social';
const HOLIDAY = 'deliverables/holiday-ooh';

export const IMAGES: ImageSpec[] = [
  { file: `${SPRING}/hero-bloom-blend-16x9.png`, draw: scene.heroBloom },
  { file: `${SPRING}/pack-shot-bloom-1x1-a.png`, draw: () => scene.packShot('a') },
  { file: `${SPRING}/pack-shot-bloom-1x1-b.png`, draw: () => scene.packShot('b') },
  { file: `${SPRING}/menu-board-3x4.png`, draw: scene.menuBoard },
  { file: `${SPRING}/drafts/hero-bloom-v0.png`, draw: scene.heroDraft },
  { file: `${SPRING}/rejected/hero-neon-night.png`, draw: scene.heroNeon },
  { file: `${SUMMER}/cold-brew-story-9x16.png`, draw: scene.coldBrewStory },
  { file: `${SUMMER}/iced-latte-grid-1x1-a.png`, draw: () => scene.icedLatteGrid('a') },
  { file: `${SUMMER}/iced-latte-grid-1x1-b.png`, draw: () => scene.icedLatteGrid('b') },
  { file: `${SUMMER}/patio-pattern-3x4.png`, draw: scene.patioPattern },
  { file: `${HOLIDAY}/billboard-winter-ember-16x9.png`, draw: scene.billboardWinter },
  { file: `${HOLIDAY}/transit-shelter-2x3.png`, draw: scene.transitShelter },
  { file: `${HOLIDAY}/gift-card-3x2-a.png`, draw: () => scene.giftCard('a') },
  { file: `${HOLIDAY}/gift-card-3x2-b.png`, draw: () => scene.giftCard('b') },
  { file: `${HOLIDAY}/window-decal-1x1.png`, draw: scene.windowDecal, channels: 4 },
  { file: 'deliverables/stock/roastery-interior.jpg', draw: scene.roasteryInterior },
];

function hasCjpeg(): boolean {
  try {
    execFileSync('cjpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function encode(spec: ImageSpec, cjpeg: boolean): Buffer | null {
  const canvas = spec.draw();
  if (spec.file.endsWith('.png')) {
    const channels = spec.channels ?? 3;
    return encodePng(canvas.width, canvas.height, canvas.toBytes(channels), channels);
  }
  if (!cjpeg) return null;
  const ppm = encodePpm(canvas.width, canvas.height, canvas.toBytes(3));
  return execFileSync('cjpeg', ['-quality', JPEG_QUALITY, '-optimize'], { input: ppm, maxBuffer: 1 << 24 });
}

function main(): void {
  const check = process.argv.includes('--check');
  const cjpeg = hasCjpeg();
  let mismatches = 0;
  for (const spec of IMAGES) {
    const target = path.join(CLIENT_ROOT, spec.file);
    const bytes = encode(spec, cjpeg);
    if (!bytes) {
      console.warn(`skip  ${spec.file}: cjpeg not found (apt-get install -y libjpeg-turbo-progs); kept as committed`);
      continue;
    }
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    const current = fs.existsSync(target) ? fs.readFileSync(target) : null;
    const same = current !== null && current.equals(bytes);
    if (check) {
      if (!same) mismatches += 1;
      console.log(`${same ? 'same ' : 'DIFF '} ${spec.file}`);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!same) fs.writeFileSync(target, bytes);
    console.log(`${same ? 'same ' : 'wrote'} ${spec.file}  ${(bytes.length / 1024).toFixed(1)} KB  sha256:${digest}`);
  }
  if (mismatches > 0) {
    console.error(`${mismatches} image(s) differ from the generator output; re-run without --check.`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
