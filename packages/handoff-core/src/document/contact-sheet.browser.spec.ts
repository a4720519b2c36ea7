import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createGenAiClient } from '../genai';
import { runPackage } from '../pipeline';
import { exampleWorkspace, REPO_ROOT, unzipBundle } from '../testing/example-workspace';
import { makeTempDir } from '../testing/fixture-tree';

/**
 * index.html of the example bundle in a real browser: headless Chromium from the Debian package
 * (`apt-get install chromium`), driven by playwright-core; never a downloaded browser.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = path.join(REPO_ROOT, 'dist/test-artifacts/contact-sheet.png');
const PER_CAMPAIGN = { 'holiday-ooh': 5, 'spring-launch': 4, stock: 1, 'summer-social': 4 };

// The page's globals, for the functions that run in the browser (this project's TypeScript has no DOM lib).
interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
interface PageImage {
  complete: boolean;
  naturalWidth: number;
  loading: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  closest(selector: string): { getBoundingClientRect(): Rect } | null;
}
interface PageElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): { length: number };
}
declare const document: {
  images: ArrayLike<PageImage>;
  body: { scrollHeight: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
};
declare const window: { scrollTo(x: number, y: number): void };
declare const Image: new () => { src: string };

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`contact-sheet.browser.spec: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);

const visibleCards = (page: Page) => page.locator('.card:visible');

(haveChromium ? describe : describe.skip)(`index.html in Chromium (${CHROMIUM})`, () => {
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    const { result } = await runPackage({
      ...(await exampleWorkspace()),
      genAi: createGenAiClient({ bin: '/nonexistent/gen-ai' }),
    });
    const index = path.join(await unzipBundle(result.zipPath), 'example-client-handoff-v1', 'index.html');
    context = await chromium.launchPersistentContext(await makeTempDir('nx-handoff-chromium-profile-'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
    });
    // Anything but a file: URL is a network request: refuse it and fail the test below.
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort(),
    );
    context.on('request', (r) => requests.push(r.url()));
    context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  it('loads every picture (lazy ones once scrolled to), with no request leaving file:', async () => {
    const height = await page.evaluate(() => document.body.scrollHeight);
    for (let y = 0; y <= height; y += 400) await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForFunction(
      () => Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0),
      undefined,
      { timeout: 30_000 },
    );
    const images = await page.evaluate(() =>
      Array.from(document.images).map((img) => ({
        src: img.getAttribute('src'),
        w: img.naturalWidth,
        lazy: img.loading,
      })),
    );
    expect(images).toHaveLength(14);
    for (const img of images) expect(img).toMatchObject({ w: expect.any(Number), lazy: 'lazy' });
    expect(images.every((i) => i.w > 0)).toBe(true);
    expect(requests.length).toBeGreaterThanOrEqual(15); // the page and its 14 pictures
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]); // a CSP violation (script or style hash) would be logged here
  }, 60_000);

  it('groups the assets by campaign with the right counts', async () => {
    const counts = await page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('section.campaign')).map((s) => [
          s.getAttribute('data-campaign'),
          s.querySelectorAll('.card').length,
        ]),
      ),
    );
    expect(counts).toEqual(PER_CAMPAIGN);
    await expect(page.locator('#count').textContent()).resolves.toBe('14 of 14 shown');
  });

  it('filters by campaign and searches the text', async () => {
    await page.selectOption('#campaign', 'holiday-ooh');
    expect(await visibleCards(page).count()).toBe(5);
    expect(await page.locator('section.campaign:visible').count()).toBe(1);
    await page.fill('#search', 'gift');
    expect(await visibleCards(page).count()).toBe(2);
    await page.selectOption('#campaign', '');
    await page.fill('#search', 'chalk-style');
    expect(await visibleCards(page).count()).toBe(1);
    await expect(visibleCards(page).first().textContent()).resolves.toContain('menu-board-3x4.png');
    await page.fill('#search', 'ana ribeiro');
    await expect(visibleCards(page).first().textContent()).resolves.toContain('Licensed stock');
    await page.fill('#search', 'no such words anywhere');
    expect(await visibleCards(page).count()).toBe(0);
    await expect(page.locator('#count').textContent()).resolves.toBe('0 of 14 shown');
    await page.fill('#search', '');
    expect(await visibleCards(page).count()).toBe(14);
  });

  it("refuses anything from the network: the page's Content-Security-Policy blocks it (not only this test's route)", async () => {
    const before = consoleErrors.length;
    await page.evaluate(() => {
      new Image().src = 'https://example.invalid/tracker.png';
    });
    await page.waitForTimeout(500);
    // Chromium reports the attempt, failed with reason "csp" (the test's route would say net::ERR_FAILED).
    expect(failed).toEqual(['https://example.invalid/tracker.png csp']);
    expect(consoleErrors.slice(before).join('\n')).toMatch(
      /violates the following Content Security Policy directive: "img-src 'self' file:"/,
    );
  });

  it('renders the pictures (screenshot saved to dist/test-artifacts/contact-sheet.png)', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const overflowing = await page.evaluate(() =>
      Array.from(document.images)
        .filter((img) => {
          const r = img.getBoundingClientRect();
          const box = img.closest('.thumb')!.getBoundingClientRect();
          return (
            r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5
          );
        })
        .map((img) => img.getAttribute('src')),
    );
    expect(overflowing).toEqual([]);
    await fs.mkdir(path.dirname(SCREENSHOT), { recursive: true });
    const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    // A page of text on white compresses to a few tens of KB; 14 pictures make it far larger.
    expect(png.length).toBeGreaterThan(150_000);
  });
});
