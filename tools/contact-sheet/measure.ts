/**
 * Measures index.html (the contact sheet) with many assets in headless Chromium (Debian's
 * /usr/bin/chromium, driven by playwright-core):
 *
 *   node -r @swc-node/register tools/contact-sheet/measure.ts [assets=1000] [distinct=40]
 *
 * Writes `assets` real JPEGs (2048x1365, made by Chromium's canvas encoder, `distinct` different
 * pictures under different names), the page for them (renderContactSheet, as the document stage
 * does), then opens it from file:// with lazy originals (as shipped) and with every picture eager,
 * and reports load time, pictures loaded, JS heap and the browser's memory (PSS over all its processes),
 * before and after scrolling through the whole page.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderContactSheet } from '../../packages/handoff-core/src/document/contact-sheet';
import { readImageFileDimensions } from '../../packages/handoff-core/src/document/image-dimensions';
import type { ShippedRecord } from '../../packages/handoff-core/src/document/metadata-csv';
import { TRAINED_ALGORITHMIC_MEDIA } from '../../packages/handoff-core/src/config/digital-source-type';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CAMPAIGNS = [
  'spring-launch',
  'summer-social',
  'holiday-ooh',
  'autumn-menu',
  'loyalty-app',
  'store-opening',
  'gift-guide',
  'brand-film',
];

// Browser-side globals (no DOM lib in this project's TypeScript).
declare const document: {
  createElement(t: string): any;
  images: ArrayLike<{ complete: boolean; naturalWidth: number; loading: string }>;
  body: { scrollHeight: number };
};
declare const window: { scrollTo(x: number, y: number): void; innerHeight: number };
declare const performance: {
  getEntriesByType(t: string): Array<{ loadEventEnd: number; domContentLoadedEventEnd: number }>;
  memory?: { usedJSHeapSize: number };
};

async function makeJpegs(page: Page, count: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const dataUrl: string = await page.evaluate((seed) => {
      const c = document.createElement('canvas');
      c.width = 2048;
      c.height = 1365;
      const g = c.getContext('2d');
      let s = seed * 9301 + 49297;
      const rnd = () => (s = (s * 9301 + 49297) % 233280) / 233280;
      const grad = g.createLinearGradient(0, 0, 2048, 1365);
      grad.addColorStop(0, `hsl(${rnd() * 360},60%,70%)`);
      grad.addColorStop(1, `hsl(${rnd() * 360},50%,30%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, 2048, 1365);
      for (let k = 0; k < 400; k++) {
        g.fillStyle = `hsla(${rnd() * 360},70%,${30 + rnd() * 50}%,${0.2 + rnd() * 0.6})`;
        g.beginPath();
        g.arc(rnd() * 2048, rnd() * 1365, 10 + rnd() * 160, 0, Math.PI * 2);
        g.fill();
      }
      const img = g.getImageData(0, 0, 2048, 1365);
      for (let p = 0; p < img.data.length; p += 4) img.data[p] = Math.min(255, img.data[p] + rnd() * 24); // grain: realistic JPEG size
      g.putImageData(img, 0, 0);
      return c.toDataURL('image/jpeg', 0.88);
    }, i + 1);
    out.push(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }
  return out;
}

async function writeBundle(dir: string, jpegs: Buffer[], assets: number): Promise<string> {
  const records: ShippedRecord[] = [];
  for (let i = 0; i < assets; i++) {
    const campaign = CAMPAIGNS[i % CAMPAIGNS.length];
    const rel = `assets/${campaign}/asset-${String(i).padStart(4, '0')}.jpg`;
    const abs = path.join(dir, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    const data = jpegs[i % jpegs.length];
    await fs.writeFile(abs, data);
    const size = await readImageFileDimensions(abs);
    records.push({
      path: rel,
      campaign,
      title: path.basename(rel, '.jpg'),
      mediaType: 'image',
      jobId: `job-${i}`,
      prompt: `Synthetic prompt ${i}: a warm editorial picture of coffee, copper and sage accents, soft morning light, generous empty space for copy`,
      keywords: ['hero', campaign],
      rightsKind: 'generated',
      credit: 'Northwind',
      copyrightNotice: '',
      usageTerms: 'See docs/RIGHTS.md.',
      digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      aiSystem: 'recraftv4',
      aiSystemVersion: '2026-03-15',
      modelId: 'recraftv4@2026-03-15',
      seed: i,
      width: size?.width,
      height: size?.height,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  }
  const html = renderContactSheet(
    { client: 'Northwind', version: 1, date: '2026-11-20', readme: 'README.md', metadataCsv: 'docs/metadata.csv' },
    records,
  );
  const index = path.join(dir, 'index.html');
  await fs.writeFile(index, html);
  return index;
}

/** Total PSS in MiB of the browser started with this profile dir and every process below it. */
function browserPssMiB(profile: string): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [pid, ppid, rss, ...args] = l.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss), args: args.join(' ') };
    });
  const root = rows.find((r) => r.args.includes(`--user-data-dir=${profile}`) && !r.args.includes('--type='));
  if (!root) return 0;
  const tree = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (!tree.has(r.pid) && tree.has(r.ppid)) {
        tree.add(r.pid);
        grew = true;
      }
  }
  // PSS (shared pages divided among the processes sharing them): RSS summed over Chromium's
  // processes counts its shared libraries and zygote pages once per process.
  let kib = 0;
  for (const pid of tree) {
    try {
      kib += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return Math.round(kib / 1024);
}

async function sample(page: Page, profile: string) {
  const images = await page.evaluate(
    () => Array.from(document.images).filter((i) => i.complete && i.naturalWidth > 0).length,
  );
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  return { decodedOrLoaded: images, jsHeapMiB: Math.round(heap / 1048576), browserPssMiB: browserPssMiB(profile) };
}

async function measure(index: string): Promise<Record<string, unknown>> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-measure-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...ARGS, '--enable-precise-memory-info'],
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load', timeout: 600_000 });
    const loadMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    const atLoad = await sample(page, profile);
    console.error(`${path.basename(index)}: loaded in ${loadMs} ms`, atLoad);
    const height = await page.evaluate(() => document.body.scrollHeight);
    const t1 = Date.now();
    let peak = atLoad.browserPssMiB;
    for (let y = 0, step = 0; y <= height; y += 600, step++) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.waitForTimeout(40);
      if (step % 25 === 0) peak = Math.max(peak, browserPssMiB(profile));
    }
    // Pictures scrolled past before their lazy load started: bring each into view until all are in.
    for (let round = 0; round < 2000; round++) {
      const left = await page.evaluate(() => {
        const all = Array.from(document.images) as any[];
        const next = all.find((i) => !(i.complete && i.naturalWidth > 0));
        if (next) next.scrollIntoView();
        return all.filter((i) => !(i.complete && i.naturalWidth > 0)).length;
      });
      if (left === 0) break;
      await page.waitForTimeout(50);
    }
    const scrollMs = Date.now() - t1;
    const afterScroll = await sample(page, profile);
    console.error(`scrolled through in ${scrollMs} ms`);
    return {
      mode: path.basename(index) === 'index.html' ? 'lazy (as shipped)' : 'eager',
      loadMs,
      atLoad,
      scrollThroughMs: scrollMs,
      afterScroll,
      peakPssMiB: Math.max(peak, afterScroll.browserPssMiB),
      pageHeightPx: height,
    };
  } finally {
    await context.close();
    await fs.rm(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const assets = Number(process.argv[2] ?? 1000);
  const distinct = Number(process.argv[3] ?? 40);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nx-handoff-contact-sheet-'));
  try {
    const maker = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const jpegs = await makeJpegs(await maker.newPage(), distinct);
    await maker.close();
    const index = await writeBundle(dir, jpegs, assets);
    const total = (jpegs.reduce((n, b) => n + b.length, 0) / jpegs.length) * assets;
    console.log(
      JSON.stringify({
        assets,
        indexHtmlBytes: (await fs.stat(index)).size,
        assetBytes: Math.round(total),
        avgJpegBytes: Math.round(total / assets),
      }),
    );
    const eager = path.join(dir, 'index-eager.html');
    await fs.writeFile(eager, (await fs.readFile(index, 'utf8')).replace(/ loading="lazy"/g, ''));
    for (const page of [index, eager]) console.log(JSON.stringify(await measure(page)));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
