import type { RgbaImage } from './decode-image';

const GAP = 8;
const BACKGROUND = [255, 255, 255, 255];
/** Where a panel has nothing to show (no heat map for pictures of different sizes). */
const EMPTY = [200, 200, 200, 255];

function blank(width: number, height: number, colour: number[]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(colour, i);
  return { width, height, data };
}

function paste(target: RgbaImage, panel: RgbaImage, left: number): void {
  for (let y = 0; y < panel.height; y++) {
    const from = y * panel.width * 4;
    target.data.set(panel.data.subarray(from, from + panel.width * 4), (y * target.width + left) * 4);
  }
}

/**
 * original | regenerated | difference heat map, left to right on white with an 8 px gap; a grey
 * panel stands for a heat map that does not exist (different sizes).
 */
export function sideBySide(original: RgbaImage, regenerated: RgbaImage, heatMap: RgbaImage | undefined): RgbaImage {
  const third = heatMap ?? blank(original.width, original.height, EMPTY);
  const panels = [original, regenerated, third];
  const width = panels.reduce((sum, p) => sum + p.width, 0) + GAP * (panels.length + 1);
  const height = Math.max(...panels.map((p) => p.height)) + GAP * 2;
  const out = blank(width, height, BACKGROUND);
  let left = GAP;
  for (const panel of panels) {
    pasteAt(out, panel, left, GAP);
    left += panel.width + GAP;
  }
  return out;
}

function pasteAt(target: RgbaImage, panel: RgbaImage, left: number, top: number): void {
  const shifted: RgbaImage = { ...target, data: target.data.subarray(top * target.width * 4) };
  paste(shifted, panel, left);
}
