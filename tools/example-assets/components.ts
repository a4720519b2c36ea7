import { Canvas, hex, linearPaint, mix, type Rgb } from './canvas';

/** Northwind Coffee Roasters brand palette (mirrors apps/example-client/brand/brand-system.json). */
export const BRAND = {
  roast: hex('#3B2A20'),
  espresso: hex('#2A1D16'),
  crema: hex('#F2E6D0'),
  paper: hex('#FBF6EC'),
  copper: hex('#C8733A'),
  sage: hex('#7A8B6F'),
  night: hex('#1F2A3A'),
  blossom: hex('#F0B7C0'),
  oak: hex('#D9B98C'),
  ice: hex('#DDEFF5'),
  lemon: hex('#F2D35B'),
  latte: hex('#C9A27E'),
  skin: hex('#D9A27E'),
  white: hex('#FFFFFF'),
  black: hex('#000000'),
} as const;

export interface BagOptions {
  body?: Rgb;
  label?: Rgb;
  accent?: Rgb;
  angle?: number;
}

/** A stand-up coffee bag with crimped top, label, logo mark and placeholder label rules. */
export function drawBag(c: Canvas, cx: number, cy: number, w: number, h: number, o: BagOptions = {}): void {
  const body = o.body ?? BRAND.roast;
  const angle = o.angle ?? 0;
  const shade = linearPaint(cx - w / 2, 0, cx + w / 2, 0, [
    [0, mix(body, BRAND.white, 0.12)],
    [0.55, body],
    [1, mix(body, BRAND.black, 0.3)],
  ]);
  c.box(cx, cy, w / 2, h / 2, Math.min(w, h) * 0.08, shade, 1, angle);
  c.box(cx, cy - h / 2 + h * 0.05, w / 2 + 1, h * 0.05, 2, mix(body, BRAND.black, 0.35), 1, angle);
  const ly = cy + h * 0.08;
  c.box(cx, ly, w * 0.34, h * 0.24, 3, o.label ?? BRAND.crema, 1, angle);
  c.circle(cx, ly - h * 0.09, Math.max(3, w * 0.08), o.accent ?? BRAND.copper);
  c.line(cx - w * 0.2, ly + h * 0.04, cx + w * 0.2, ly + h * 0.04, Math.max(1.5, h * 0.025), body, 0.8);
  c.line(
    cx - w * 0.13,
    ly + h * 0.11,
    cx + w * 0.13,
    ly + h * 0.11,
    Math.max(1, h * 0.015),
    o.accent ?? BRAND.copper,
    0.9,
  );
}

/** A mug seen from the side, with coffee at the rim, handle and optional steam. */
export function drawMug(c: Canvas, cx: number, cy: number, w: number, h: number, color: Rgb, steam = true): void {
  c.ring(cx + w / 2, cy, h * 0.22, Math.max(2, w * 0.08), mix(color, BRAND.black, 0.15));
  const shade = linearPaint(cx - w / 2, 0, cx + w / 2, 0, [
    [0, mix(color, BRAND.white, 0.2)],
    [0.6, color],
    [1, mix(color, BRAND.black, 0.25)],
  ]);
  c.box(cx, cy, w / 2, h / 2, w * 0.12, shade);
  c.ellipse(cx, cy - h / 2 + 2, w / 2 - 1, h * 0.07, mix(color, BRAND.black, 0.1));
  c.ellipse(cx, cy - h / 2 + 2.5, w / 2 - 4, h * 0.05, BRAND.espresso);
  if (!steam) return;
  for (let i = -1; i <= 1; i++) {
    const x = cx + i * w * 0.2;
    c.line(x, cy - h * 0.62, x + 4, cy - h * 0.8, 2.5, BRAND.white, 0.35);
    c.line(x + 4, cy - h * 0.8, x - 1, cy - h, 2.5, BRAND.white, 0.25);
  }
}

/** A five-petal blossom. */
export function drawBlossom(c: Canvas, x: number, y: number, r: number, rotation = 0, opacity = 1): void {
  for (let i = 0; i < 5; i++) {
    const a = rotation + (i * 2 * Math.PI) / 5;
    c.ellipse(
      x + Math.cos(a) * r * 0.55,
      y + Math.sin(a) * r * 0.55,
      r * 0.55,
      r * 0.36,
      mix(BRAND.blossom, BRAND.white, 0.15),
      opacity,
      a,
    );
  }
  c.circle(x, y, r * 0.22, BRAND.copper, opacity);
}

export function drawBean(c: Canvas, x: number, y: number, r: number, angle: number): void {
  c.ellipse(x, y, r, r * 0.68, mix(BRAND.roast, BRAND.copper, 0.25), 1, angle);
  c.line(
    x - Math.cos(angle) * r * 0.7,
    y - Math.sin(angle) * r * 0.7,
    x + Math.cos(angle) * r * 0.7,
    y + Math.sin(angle) * r * 0.7,
    Math.max(0.8, r * 0.18),
    BRAND.espresso,
    0.9,
  );
}

export function drawLeaf(
  c: Canvas,
  x: number,
  y: number,
  length: number,
  angle: number,
  color: Rgb = BRAND.sage,
): void {
  c.ellipse(x, y, length / 2, length / 5, color, 1, angle);
}

/** A lemon slice seen from above. */
export function drawLemon(c: Canvas, x: number, y: number, r: number): void {
  c.circle(x, y, r, BRAND.lemon);
  c.circle(x, y, r * 0.85, mix(BRAND.lemon, BRAND.white, 0.45));
  for (let i = 0; i < 8; i++) {
    const a = (i * Math.PI) / 4;
    c.line(x, y, x + Math.cos(a) * r * 0.8, y + Math.sin(a) * r * 0.8, Math.max(0.8, r * 0.08), BRAND.lemon, 0.8);
  }
}

/** A tumbler or glass seen from above, with latte and ice. */
export function drawTumblerTop(c: Canvas, x: number, y: number, r: number, rim: Rgb): void {
  c.circle(x + 3, y + 4, r + 2, BRAND.black, 0.15);
  c.circle(x, y, r, rim);
  c.circle(x, y, r * 0.82, BRAND.latte);
  c.box(x - r * 0.25, y - r * 0.2, r * 0.22, r * 0.22, 3, BRAND.ice, 0.7, 0.4);
  c.box(x + r * 0.28, y + r * 0.15, r * 0.2, r * 0.2, 3, BRAND.ice, 0.7, -0.3);
  c.circle(x - r * 0.3, y - r * 0.35, r * 0.15, BRAND.white, 0.25);
}
