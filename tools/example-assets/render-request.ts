/**
 * The pictures the fake gen-ai (packages/handoff-core/src/genai/__fixtures__/bin/gen-ai) "generates"
 * for a real `generate` and `upscale`: deterministic, no service, no randomness beyond seeded PRNGs.
 *
 *   node -r @swc-node/register tools/example-assets/render-request.ts < request.json
 *
 * The request (JSON on stdin) is `{ kind: "generate", model, prompt, seed, aspectRatio, params,
 * drift, outDir }` or `{ kind: "upscale", input, scale, outDir }`; the answer (JSON on stdout) is
 * `{ outputs: [file names in outDir], width, height }`.
 *
 * generate: a request whose prompt and seed match a job of apps/example-client renders that job's
 * scene (the Nth picture for a job with several outputs), byte for byte the committed asset; any
 * other request renders a generic picture from a hash of the request. `drift: "slight"` adds a
 * little seeded noise (the picture stays structurally the same), `drift: "large"` mirrors it and
 * rotates its colour channels. upscale: nearest-neighbour by an integer factor (pngjs).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { Canvas, hex, mix, prng, type Rgb } from './canvas';
import { IMAGES } from './make-example-assets';
import { encodePng } from './png-encoder';

const CLIENT_ROOT = path.resolve(__dirname, '../../apps/example-client');

export interface GenerateRequest {
  kind: 'generate';
  model: string;
  prompt: string;
  seed: number | null;
  aspectRatio: string | null;
  params: Record<string, string>;
  drift?: 'none' | 'slight' | 'large';
  outDir: string;
}

export interface UpscaleRequest {
  kind: 'upscale';
  input: string;
  scale: number;
  outDir: string;
}

export interface Rendered {
  outputs: string[];
  width: number;
  height: number;
}

interface Picture {
  width: number;
  height: number;
  channels: 3 | 4;
  bytes: Uint8Array;
}

interface ExampleJob {
  model: string;
  prompt: string;
  seed?: number;
  output?: string;
  outputs?: string[];
}

/** Example files (relative to apps/example-client) of the job with this model name, prompt and seed. */
export function exampleOutputsFor(model: string, prompt: string, seed: number | null): string[] | undefined {
  const base = path.join(CLIENT_ROOT, 'deliverables');
  const name = model.split('@')[0];
  for (const campaign of fs.readdirSync(base).sort()) {
    const file = path.join(base, campaign, 'results.json');
    if (!fs.existsSync(file)) continue;
    const jobs = (JSON.parse(fs.readFileSync(file, 'utf8')) as { jobs: ExampleJob[] }).jobs;
    const job = jobs.find((j) => j.model.split('@')[0] === name && j.prompt === prompt && (j.seed ?? null) === seed);
    const outputs = job ? (job.outputs ?? (job.output ? [job.output] : [])) : [];
    if (outputs.length) return outputs.map((o) => `deliverables/${campaign}/${o}`);
  }
  return undefined;
}

function examplePicture(file: string): Picture | undefined {
  const spec = IMAGES.find((s) => s.file === file && s.file.endsWith('.png'));
  if (!spec) return undefined;
  const canvas = spec.draw();
  const channels = spec.channels ?? 3;
  return { width: canvas.width, height: canvas.height, channels, bytes: canvas.toBytes(channels) };
}

function sizeFor(aspectRatio: string | null): [number, number] {
  const [w, h] = (aspectRatio ?? '1:1').split(':').map(Number);
  if (!(w > 0 && h > 0)) return [240, 240];
  return w >= h ? [320, Math.round((320 * h) / w)] : [Math.round((320 * w) / h), 320];
}

/** A generic deterministic picture: gradient and discs drawn from a hash of the request. */
function genericPicture(req: GenerateRequest): Picture {
  const digest = createHash('sha256')
    .update(JSON.stringify([req.model, req.prompt, req.seed, req.aspectRatio, req.params]))
    .digest();
  const random = prng(digest.readUInt32BE(0));
  const [width, height] = sizeFor(req.aspectRatio);
  const colour = (): Rgb => [Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256)];
  const c = new Canvas(width, height);
  c.linear(0, 0, width, height, [
    [0, colour()],
    [1, mix(colour(), hex('#ffffff'), 0.3)],
  ]);
  for (let i = 0; i < 12; i++)
    c.circle(random() * width, random() * height, 6 + random() * 30, colour(), 0.4 + random() * 0.5);
  return { width, height, channels: 3, bytes: c.toBytes(3) };
}

/** slight: +-4 of seeded noise per colour channel; large: mirrored, channels rotated. */
export function applyDrift(p: Picture, drift: GenerateRequest['drift'], seed: number): Picture {
  if (!drift || drift === 'none') return p;
  const out = new Uint8Array(p.bytes.length);
  const random = prng(seed);
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const to = (y * p.width + x) * p.channels;
      const from = drift === 'large' ? (y * p.width + (p.width - 1 - x)) * p.channels : to;
      for (let ch = 0; ch < p.channels; ch++) {
        if (ch === 3) out[to + ch] = p.bytes[from + ch];
        else if (drift === 'large') out[to + ch] = p.bytes[from + ((ch + 1) % 3)];
        else out[to + ch] = Math.max(0, Math.min(255, p.bytes[from + ch] + Math.round((random() - 0.5) * 8)));
      }
    }
  }
  return { ...p, bytes: out };
}

function writePicture(p: Picture, outDir: string, name: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, name), encodePng(p.width, p.height, p.bytes, p.channels));
  return name;
}

export function renderGenerate(req: GenerateRequest): Rendered {
  const files = exampleOutputsFor(req.model, req.prompt, req.seed);
  const pictures = files?.map(examplePicture).filter((p): p is Picture => p !== undefined);
  const chosen = pictures?.length ? pictures : [genericPicture(req)];
  const stem = createHash('sha256')
    .update(JSON.stringify([req.model, req.prompt, req.seed]))
    .digest('hex')
    .slice(0, 10);
  const outputs = chosen.map((p, i) =>
    writePicture(applyDrift(p, req.drift, (req.seed ?? 0) + i), req.outDir, `gen-${stem}-${i + 1}.png`),
  );
  return { outputs, width: chosen[0].width, height: chosen[0].height };
}

/** Nearest-neighbour upscale of a PNG by an integer factor. */
export function renderUpscale(req: UpscaleRequest): Rendered {
  const src = PNG.sync.read(fs.readFileSync(req.input));
  const k = req.scale;
  const dst = new PNG({ width: src.width * k, height: src.height * k });
  for (let y = 0; y < dst.height; y++) {
    for (let x = 0; x < dst.width; x++) {
      const from = (Math.floor(y / k) * src.width + Math.floor(x / k)) * 4;
      src.data.copy(dst.data, (y * dst.width + x) * 4, from, from + 4);
    }
  }
  const name = `${path.basename(req.input, path.extname(req.input))}-x${k}.png`;
  fs.mkdirSync(req.outDir, { recursive: true });
  fs.writeFileSync(path.join(req.outDir, name), PNG.sync.write(dst, { colorType: 6 }));
  return { outputs: [name], width: dst.width, height: dst.height };
}

function main(): void {
  const req = JSON.parse(fs.readFileSync(0, 'utf8')) as GenerateRequest | UpscaleRequest;
  const rendered = req.kind === 'upscale' ? renderUpscale(req) : renderGenerate(req);
  process.stdout.write(`${JSON.stringify(rendered)}\n`);
}

if (require.main === module) main();
