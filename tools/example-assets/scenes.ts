import { Canvas, mix, prng } from './canvas';
import { BRAND, drawBag, drawBean, drawBlossom, drawLeaf, drawLemon, drawMug, drawTumblerTop } from './components';

/** One drawing per example image, named after the job that "generated" it. */

/** sl-001 — Spring Bloom hero, 16:9, copy space on the right. */
export function heroBloom(): Canvas {
  const c = new Canvas(320, 180);
  c.linear(0, 0, 320, 0, [
    [0, BRAND.paper],
    [1, mix(BRAND.crema, BRAND.oak, 0.35)],
  ]);
  c.glow(0, 30, 230, BRAND.white, 0.55);
  c.box(160, 160, 170, 28, 0, (x, y) => mix(BRAND.oak, mix(BRAND.oak, BRAND.roast, 0.25), (y - 132) / 48));
  c.ellipse(108, 151, 44, 6, BRAND.black, 0.18);
  drawBag(c, 108, 100, 66, 100);
  const random = prng(11);
  for (let placed = 0; placed < 9;) {
    const [x, y, r, turn] = [24 + random() * 170, 18 + random() * 136, 5 + random() * 6, random() * 6];
    if (x > 66 && x < 150 && y > 40 && y < 160) continue; // keep the bag clear
    drawBlossom(c, x, y, r, turn);
    placed += 1;
  }
  for (let i = 0; i < 6; i++) drawBean(c, 140 + random() * 60, 150 + random() * 14, 4, random() * 3);
  return c;
}

/** sl-002 — pack shot on seamless crema, 1:1 (a: front light, b: side light, sage accent). */
export function packShot(variant: 'a' | 'b'): Canvas {
  const c = new Canvas(200, 200, BRAND.crema);
  c.glow(variant === 'a' ? 100 : 170, 60, 170, BRAND.white, 0.5);
  c.ellipse(100, 166, 52, 7, BRAND.black, 0.22);
  drawBag(c, 100, 100, 84, 124, variant === 'a' ? {} : { accent: BRAND.sage, angle: -0.05 });
  return c;
}

/** sl-003 — chalk menu board, 3:4, lower third empty. */
export function menuBoard(): Canvas {
  const c = new Canvas(180, 240, BRAND.crema);
  c.box(90, 120, 84, 112, 6, BRAND.copper);
  c.box(90, 120, 78, 106, 4, (x, y) => mix(BRAND.espresso, BRAND.roast, y / 240));
  const chalk = mix(BRAND.paper, BRAND.crema, 0.3);
  c.ring(60, 75, 22, 2.2, chalk, 0.9);
  c.line(76, 62, 98, 47, 2.2, chalk, 0.9);
  c.line(49, 49, 71, 49, 2.2, chalk, 0.9);
  c.ring(124, 86, 16, 2.2, chalk, 0.9);
  c.circle(124, 86, 10, BRAND.latte, 0.7);
  c.ring(124, 86, 22, 1.5, BRAND.copper, 0.8);
  c.line(50, 122, 108, 105, 1.8, chalk, 0.8);
  for (let i = 0; i < 4; i++) drawBlossom(c, 62 + i * 13, 118 - i * 4.2, 4, i, 0.9);
  return c;
}

/** sl-004 (draft) — an early, darker take on the hero. */
export function heroDraft(): Canvas {
  const c = new Canvas(320, 180);
  c.linear(0, 0, 0, 180, [
    [0, mix(BRAND.roast, BRAND.night, 0.5)],
    [1, BRAND.espresso],
  ]);
  c.box(110, 100, 34, 50, 4, mix(BRAND.crema, BRAND.roast, 0.6));
  for (let i = 0; i < 5; i++) c.circle(60 + i * 25, 140 + (i % 2) * 8, 6, BRAND.blossom, 0.5);
  return c;
}

/** sl-005 (rejected) — a neon night concept that went off-brand. */
export function heroNeon(): Canvas {
  const c = new Canvas(320, 180);
  c.linear(0, 0, 320, 180, [
    [0, mix(BRAND.night, hex3(60, 20, 80), 0.5)],
    [1, BRAND.night],
  ]);
  c.glow(220, 80, 120, hex3(255, 60, 170), 0.45);
  c.ring(220, 80, 48, 4, hex3(255, 120, 210));
  c.line(150, 150, 300, 150, 3, hex3(80, 220, 255));
  drawBag(c, 110, 104, 60, 90, { body: BRAND.espresso, label: hex3(255, 120, 210) });
  return c;
}

/** ss-001 — cold brew on a sunny patio, 9:16 story, top quarter clear. */
export function coldBrewStory(): Canvas {
  const c = new Canvas(180, 320);
  c.linear(0, 0, 0, 320, [
    [0, mix(BRAND.ice, BRAND.white, 0.3)],
    [0.55, BRAND.paper],
    [0.56, mix(BRAND.sage, BRAND.crema, 0.55)],
    [1, mix(BRAND.sage, BRAND.crema, 0.35)],
  ]);
  c.glow(150, 20, 140, BRAND.lemon, 0.35);
  c.shape((x, y) => (x - 0.6 * y + 40) / 1.2, [0, 176, 180, 320], BRAND.sage, 0.28);
  c.ellipse(92, 282, 40, 7, BRAND.black, 0.2);
  c.box(90, 212, 34, 72, 6, BRAND.ice, 0.45);
  c.box(90, 224, 30, 58, 4, (x, y) => mix(BRAND.roast, BRAND.espresso, (y - 166) / 116), 0.92);
  c.box(80, 180, 11, 10, 3, BRAND.ice, 0.65, 0.3);
  c.box(102, 192, 10, 9, 3, BRAND.ice, 0.55, -0.4);
  c.line(104, 132, 96, 240, 4, BRAND.copper);
  const random = prng(3);
  for (let i = 0; i < 14; i++) c.circle(60 + random() * 60, 150 + random() * 120, 1 + random() * 1.3, BRAND.white, 0.6);
  return c;
}

/** ss-002 — two iced oat lattes from above, 1:1 (a and b: two arrangements). */
export function icedLatteGrid(variant: 'a' | 'b'): Canvas {
  const c = new Canvas(200, 200);
  c.linear(0, 0, 200, 200, [
    [0, BRAND.paper],
    [1, mix(BRAND.crema, BRAND.oak, 0.2)],
  ]);
  for (let y = 6; y < 200; y += 12) c.line(0, y, 200, y, 0.8, BRAND.oak, 0.18);
  const random = prng(variant === 'a' ? 21 : 22);
  const [a, b] =
    variant === 'a'
      ? [
          [70, 80],
          [136, 124],
        ]
      : [
          [128, 70],
          [70, 130],
        ];
  drawTumblerTop(c, a[0], a[1], 34, BRAND.roast);
  drawTumblerTop(c, b[0], b[1], 30, BRAND.sage);
  drawLemon(c, variant === 'a' ? 150 : 40, variant === 'a' ? 50 : 52, 14);
  drawLemon(c, variant === 'a' ? 40 : 160, variant === 'a' ? 160 : 160, 11);
  for (let i = 0; i < 10; i++) drawBean(c, 15 + random() * 170, 15 + random() * 170, 4, random() * 3);
  return c;
}

/** ss-003 — flat two-colour patio pattern, 3:4. */
export function patioPattern(): Canvas {
  const c = new Canvas(180, 240, BRAND.crema);
  for (let row = 0; row < 6; row++) {
    for (let col = 0; col < 5; col++) {
      const x = col * 44 + (row % 2) * 22 + 12;
      const y = row * 44 + 20;
      if ((row + col) % 3 === 0) {
        c.circle(x, y, 11, BRAND.copper);
        c.circle(x, y, 6, BRAND.crema);
      } else if ((row + col) % 3 === 1) {
        c.circle(x - 4, y + 2, 6, BRAND.copper);
        c.circle(x + 5, y + 3, 6, BRAND.roast);
        drawLeaf(c, x + 2, y - 8, 14, -0.5);
      } else {
        drawLeaf(c, x - 4, y, 18, 0.9);
        drawLeaf(c, x + 5, y - 2, 16, -0.7);
      }
    }
  }
  return c;
}

/** ho-001 — Winter Ember billboard at dusk, 16:9, right half clear. */
export function billboardWinter(): Canvas {
  const c = new Canvas(320, 180);
  c.linear(0, 0, 0, 180, [
    [0, BRAND.night],
    [0.75, mix(BRAND.night, BRAND.sage, 0.35)],
  ]);
  c.glow(90, 90, 150, BRAND.copper, 0.6);
  const random = prng(7);
  for (let i = 0; i < 40; i++)
    c.circle(random() * 320, random() * 140, 0.6 + random(), BRAND.white, 0.35 + random() * 0.4);
  c.box(160, 162, 170, 22, 0, BRAND.paper);
  c.box(160, 143, 170, 4, 2, mix(BRAND.paper, BRAND.ice, 0.6));
  drawBag(c, 78, 104, 58, 84, { body: mix(BRAND.roast, BRAND.copper, 0.15) });
  drawMug(c, 140, 124, 34, 38, BRAND.crema);
  return c;
}

/** ho-002 — hands around a mug with string-light bokeh, 2:3, top third clear. */
export function transitShelter(): Canvas {
  const c = new Canvas(200, 300);
  c.linear(0, 0, 0, 300, [
    [0, BRAND.espresso],
    [1, BRAND.roast],
  ]);
  const random = prng(5);
  for (let i = 0; i < 22; i++) {
    c.circle(
      random() * 200,
      random() * 300,
      6 + random() * 14,
      i % 3 ? BRAND.copper : BRAND.crema,
      0.12 + random() * 0.18,
    );
  }
  drawMug(c, 100, 196, 78, 84, mix(BRAND.crema, BRAND.white, 0.3));
  for (const side of [-1, 1]) {
    c.ellipse(100 + side * 46, 214, 26, 40, BRAND.skin, 1, side * 0.35);
    c.box(100 + side * 62, 268, 26, 34, 8, BRAND.sage, 1, side * 0.3);
    for (let k = 0; k < 4; k++)
      c.line(100 + side * 42, 246 + k * 12, 100 + side * 84, 258 + k * 12, 2, mix(BRAND.sage, BRAND.white, 0.3), 0.5);
  }
  return c;
}

/** ho-003 — gift card artwork, 3:2, logo space on the left (a and b: two takes). */
export function giftCard(variant: 'a' | 'b'): Canvas {
  const c = new Canvas(300, 200);
  c.linear(0, 0, 300, 200, [
    [0, BRAND.paper],
    [1, BRAND.crema],
  ]);
  const x = variant === 'a' ? 200 : 186;
  c.ellipse(x, 168, 48, 6, BRAND.black, 0.2);
  drawBag(c, x, 104, 76, 116, { angle: variant === 'a' ? 0 : 0.06 });
  const ribbon = variant === 'a' ? BRAND.copper : mix(BRAND.copper, BRAND.roast, 0.3);
  c.line(x, 46, x, 162, 5, ribbon);
  c.ellipse(x - 12, 50, 13, 6, ribbon, 1, 0.5);
  c.ellipse(x + 12, 50, 13, 6, ribbon, 1, -0.5);
  c.circle(x, 50, 5, mix(ribbon, BRAND.black, 0.2));
  for (let i = 0; i < 3; i++) {
    const sx = x + 62 + i * 6;
    c.line(sx, 170, sx - 6, 130 - i * 8, 1.5, BRAND.sage);
    drawLeaf(c, sx - 4, 145 - i * 6, 12, -0.9);
  }
  return c;
}

/** ho-004 — copper single-line window decal on transparent, 1:1 (RGBA). */
export function windowDecal(): Canvas {
  const c = new Canvas(200, 200);
  const copper = BRAND.copper;
  c.line(62, 96, 72, 152, 6, copper);
  c.line(138, 96, 128, 152, 6, copper);
  c.line(72, 152, 128, 152, 6, copper);
  c.line(56, 96, 144, 96, 6, copper);
  c.shape((x, y) => Math.max(Math.abs(Math.hypot(x - 140, y - 120) - 14) - 3, 136 - x), [130, 100, 160, 140], copper);
  c.line(48, 166, 152, 166, 6, copper);
  for (let i = 0; i < 3; i++) {
    const a = (i * Math.PI) / 3;
    const dx = Math.cos(a) * 22;
    const dy = Math.sin(a) * 22;
    c.line(100 - dx, 52 - dy, 100 + dx, 52 + dy, 4, copper);
  }
  return c;
}

/** deliverables/stock — "photograph" of the roastery interior (licensed stock, not generated). */
export function roasteryInterior(): Canvas {
  const c = new Canvas(320, 200);
  c.linear(0, 0, 0, 200, [
    [0, mix(BRAND.roast, BRAND.oak, 0.3)],
    [0.7, BRAND.roast],
    [0.71, mix(BRAND.oak, BRAND.roast, 0.5)],
    [1, mix(BRAND.oak, BRAND.roast, 0.7)],
  ]);
  c.box(70, 70, 50, 55, 2, mix(BRAND.ice, BRAND.white, 0.5));
  for (const x of [53, 87]) c.line(x, 15, x, 125, 3, BRAND.espresso);
  c.line(20, 70, 120, 70, 3, BRAND.espresso);
  c.glow(70, 110, 170, mix(BRAND.lemon, BRAND.white, 0.5), 0.35);
  c.box(190, 128, 42, 30, 6, mix(BRAND.espresso, BRAND.black, 0.3));
  c.circle(190, 96, 34, (x, y) => mix(BRAND.copper, BRAND.roast, (y - 62) / 80));
  c.ring(190, 96, 34, 3, BRAND.espresso);
  c.circle(190, 96, 10, BRAND.espresso);
  c.line(214, 72, 214, 0, 8, mix(BRAND.copper, BRAND.espresso, 0.4));
  for (const y of [40, 80]) {
    c.line(250, y, 320, y, 3, BRAND.oak);
    for (let i = 0; i < 5; i++) c.box(260 + i * 13, y - 9, 5, 8, 2, i % 2 ? BRAND.crema : BRAND.copper, 0.9);
  }
  c.grain(99, 10);
  return c;
}

function hex3(r: number, g: number, b: number): [number, number, number] {
  return [r, g, b];
}
