/**
 * A tiny anti-aliased raster canvas for the example assets: gradients and signed-distance shapes
 * composited "over" in floating point, exported as 8-bit RGB or RGBA. No randomness except the
 * seeded PRNG, so every run yields the same pixels.
 */

export type Rgb = readonly [number, number, number];
export type Stops = ReadonlyArray<readonly [number, Rgb]>;
export type Paint = Rgb | ((x: number, y: number) => Rgb);
type Sdf = (x: number, y: number) => number;

export function hex(value: string): Rgb {
  const n = parseInt(value.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function sample(stops: Stops, t: number): Rgb {
  const x = Math.min(1, Math.max(0, t));
  for (let i = 1; i < stops.length; i++) {
    const [t1, c1] = stops[i];
    const [t0, c0] = stops[i - 1];
    if (x <= t1) return mix(c0, c1, t1 === t0 ? 1 : (x - t0) / (t1 - t0));
  }
  return stops[stops.length - 1][1];
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rotate(x: number, y: number, cx: number, cy: number, angle: number): [number, number] {
  if (!angle) return [x - cx, y - cy];
  const c = Math.cos(-angle);
  const s = Math.sin(-angle);
  return [(x - cx) * c - (y - cy) * s, (x - cx) * s + (y - cy) * c];
}

export class Canvas {
  readonly rgb: Float64Array;
  readonly alpha: Float64Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background?: Paint,
  ) {
    this.rgb = new Float64Array(width * height * 3);
    this.alpha = new Float64Array(width * height);
    if (background) this.fill(background);
  }

  /** Composites `color` with coverage `a` over pixel (x, y). */
  blend(x: number, y: number, color: Rgb, a: number): void {
    if (a <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    const da = this.alpha[i];
    const outA = a + da * (1 - a);
    for (let k = 0; k < 3; k++) {
      this.rgb[i * 3 + k] = (color[k] * a + this.rgb[i * 3 + k] * da * (1 - a)) / outA;
    }
    this.alpha[i] = outA;
  }

  fill(paint: Paint, opacity = 1): void {
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) this.blend(x, y, colorAt(paint, x + 0.5, y + 0.5), opacity);
    }
  }

  /** Linear gradient over the whole canvas, from (x0, y0) at t=0 to (x1, y1) at t=1. */
  linear(x0: number, y0: number, x1: number, y1: number, stops: Stops, opacity = 1): void {
    this.fill(linearPaint(x0, y0, x1, y1, stops), opacity);
  }

  /** Soft radial glow: full `opacity` at the centre, fading to nothing at radius r. */
  glow(cx: number, cy: number, r: number, color: Rgb, opacity: number): void {
    this.shape(
      (x, y) => Math.hypot(x - cx, y - cy) - r,
      [cx - r, cy - r, cx + r, cy + r],
      color,
      opacity,
      (x, y) => {
        const t = Math.min(1, Math.hypot(x - cx, y - cy) / r);
        return (1 - t) * (1 - t);
      },
    );
  }

  /** Fills the region where sdf < 0, anti-aliased over one pixel, inside bbox [x0, y0, x1, y1]. */
  shape(sdf: Sdf, bbox: number[], paint: Paint, opacity = 1, falloff?: (x: number, y: number) => number): void {
    const [bx0, by0, bx1, by1] = bbox.map((v, i) => (i < 2 ? Math.floor(v) - 1 : Math.ceil(v) + 1));
    for (let y = Math.max(0, by0); y < Math.min(this.height, by1); y++) {
      for (let x = Math.max(0, bx0); x < Math.min(this.width, bx1); x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const coverage = Math.min(1, Math.max(0, 0.5 - sdf(px, py)));
        if (coverage <= 0) continue;
        const fade = falloff ? falloff(px, py) : 1;
        this.blend(x, y, colorAt(paint, px, py), coverage * opacity * fade);
      }
    }
  }

  circle(cx: number, cy: number, r: number, paint: Paint, opacity = 1): void {
    this.shape((x, y) => Math.hypot(x - cx, y - cy) - r, [cx - r, cy - r, cx + r, cy + r], paint, opacity);
  }

  ring(cx: number, cy: number, r: number, thickness: number, paint: Paint, opacity = 1): void {
    const o = r + thickness;
    this.shape(
      (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - thickness / 2,
      [cx - o, cy - o, cx + o, cy + o],
      paint,
      opacity,
    );
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, paint: Paint, opacity = 1, angle = 0): void {
    const m = Math.max(rx, ry);
    this.shape(
      (x, y) => {
        const [u, v] = rotate(x, y, cx, cy, angle);
        return (Math.hypot(u / rx, v / ry) - 1) * Math.min(rx, ry);
      },
      [cx - m, cy - m, cx + m, cy + m],
      paint,
      opacity,
    );
  }

  /** Rounded rectangle centred on (cx, cy) with half sizes hw, hh, corner radius r. */
  box(cx: number, cy: number, hw: number, hh: number, r: number, paint: Paint, opacity = 1, angle = 0): void {
    const m = Math.hypot(hw, hh);
    this.shape(
      (x, y) => {
        const [u, v] = rotate(x, y, cx, cy, angle);
        const qx = Math.abs(u) - (hw - r);
        const qy = Math.abs(v) - (hh - r);
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
      },
      [cx - m, cy - m, cx + m, cy + m],
      paint,
      opacity,
    );
  }

  /** A stroke from (x0, y0) to (x1, y1) with round caps. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, paint: Paint, opacity = 1): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy || 1;
    const w = width / 2;
    this.shape(
      (x, y) => {
        const t = Math.min(1, Math.max(0, ((x - x0) * dx + (y - y0) * dy) / len2));
        return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) - w;
      },
      [Math.min(x0, x1) - w, Math.min(y0, y1) - w, Math.max(x0, x1) + w, Math.max(y0, y1) + w],
      paint,
      opacity,
    );
  }

  /** Adds seeded film grain (for the photographic stock image). */
  grain(seed: number, amount: number): void {
    const random = prng(seed);
    for (let i = 0; i < this.rgb.length; i += 3) {
      const n = (random() - 0.5) * amount;
      for (let k = 0; k < 3; k++) this.rgb[i + k] += n;
    }
  }

  /** 8-bit pixels; with 3 channels, transparent areas are laid over white. */
  toBytes(channels: 3 | 4): Uint8Array {
    const out = new Uint8Array(this.width * this.height * channels);
    for (let i = 0; i < this.alpha.length; i++) {
      const a = this.alpha[i];
      for (let k = 0; k < 3; k++) {
        const c = this.rgb[i * 3 + k];
        out[i * channels + k] = clamp8(channels === 4 ? c : c * a + 255 * (1 - a));
      }
      if (channels === 4) out[i * 4 + 3] = clamp8(a * 255);
    }
    return out;
  }
}

export function linearPaint(x0: number, y0: number, x1: number, y1: number, stops: Stops): Paint {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy || 1;
  return (x, y) => sample(stops, ((x - x0) * dx + (y - y0) * dy) / len2);
}

function colorAt(paint: Paint, x: number, y: number): Rgb {
  return typeof paint === 'function' ? paint(x, y) : paint;
}

function clamp8(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v)));
}
