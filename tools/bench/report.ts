import type { ScenarioResult } from './scenarios';

/** Markdown tables and target verdicts from the figures of one size. Pure. */

export interface SizeReport {
  label: string;
  assets: number;
  /** Bytes under deliverables/ (what the recipe and the floor copy). */
  sourceBytes: number;
  /** Size of the bundle zip. */
  bundleBytes: number;
  results: ScenarioResult[];
}

export const NAMES = {
  recipe: 'manual recipe',
  floor: 'floor: cp -r',
  cold: 'nx cold (first run, empty .nx)',
  warm: 'nx warm (nothing changed)',
  changed: 'nx after one changed asset',
  restore: 'nx after dist/ deleted (small outputs restored, zip rebuilt)',
  coldHashed: 'nx cold (file hashes known, empty cache)',
  noCache: 'nx cold --skip-nx-cache',
  coldInProcess: 'nx cold, NX_ISOLATE_PLUGINS=false',
  warmInProcess: 'nx warm, NX_ISOLATE_PLUGINS=false',
  stagePackage: 'package stage alone (no Nx)',
  stageCold: 'cold-test stage alone (no Nx)',
} as const;

const s = (ms: number | undefined): string => (ms === undefined ? '' : (ms / 1000).toFixed(2));
const mb = (kb: number): string => (kb / 1024).toFixed(0);
const gb = (bytes: number): string => (bytes / 1e9).toFixed(2);

export function find(r: SizeReport, name: string): ScenarioResult | undefined {
  return r.results.find((x) => x.name === name);
}

function taskCell(x: ScenarioResult): string {
  if (!x.tasks) return '';
  const t = x.tasks;
  const cached = new Set(x.cached ?? []);
  const one = (k: string) => (t[k] === undefined ? '-' : `${s(t[k])}${cached.has(k) ? 'c' : ''}`);
  return `${one('handoff-pin')} / ${one('handoff-package')} / ${one('handoff-cold-test')} / ${one('handoff')}`;
}

/** The main table: one row per scenario. */
export function formatSizeTable(r: SizeReport): string {
  const recipe = find(r, NAMES.recipe)?.m.wallMs;
  const floor = find(r, NAMES.floor)?.m.wallMs;
  const lines = [
    `### ${r.label}: ${r.assets} assets, ${gb(r.sourceBytes)} GB under deliverables/, bundle ${gb(r.bundleBytes)} GB`,
    '',
    '| scenario | wall s | CPU s | peak RSS MiB (process) | recipe / this | this / floor | Nx tasks s: pin / package / cold-test / handoff (c = cached) | other load |',
    '|---|---:|---:|---|---:|---:|---|---:|',
  ];
  for (const x of r.results) {
    const vsRecipe = recipe ? `${(recipe / x.m.wallMs).toFixed(1)}x` : '';
    const vsFloor = floor ? `${(x.m.wallMs / floor).toFixed(1)}x` : '';
    lines.push(
      `| ${x.name} | ${s(x.m.wallMs)} | ${s(x.m.cpuMs)} | ${mb(x.m.peakRssKb)} (${x.m.peakProcess ?? '?'}) | ${vsRecipe} | ${vsFloor} | ${taskCell(x)} | ${(x.m.otherLoad * 100).toFixed(0)} % |`,
    );
  }
  return lines.join('\n');
}

/** Bytes each stage reads and writes, against the bundle size. */
export function formatIoTable(r: SizeReport): string {
  const rows = r.results.filter((x) => x.stage);
  if (rows.length === 0) return '';
  const lines = [
    '| stage (no Nx) | wall s | CPU s | peak RSS MiB | read GB (x bundle) | of which from disk GB | written GB (x bundle) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const x of rows) {
    const st = x.stage!;
    const ratio = (n: number) => (r.bundleBytes ? `${(n / r.bundleBytes).toFixed(2)}x` : '');
    lines.push(
      `| ${st.stage} | ${s(st.wallMs)} | ${s(st.cpuMs)} | ${mb(st.maxRssKb)} | ${gb(st.rchar)} (${ratio(st.rchar)}) | ${gb(st.diskRead ?? 0)} | ${gb(st.wchar)} (${ratio(st.wchar)}) |`,
    );
  }
  return lines.join('\n');
}

export interface Verdict {
  target: string;
  measured: string;
  ok: boolean | undefined;
}

const RSS_LIMIT_KB = 256 * 1024;

/** The targets, as ratios within this run. */
export function verdicts(r: SizeReport): Verdict[] {
  const recipe = find(r, NAMES.recipe)?.m.wallMs;
  const floor = find(r, NAMES.floor)?.m.wallMs;
  const cold = find(r, NAMES.cold);
  const warm = find(r, NAMES.warm)?.m.wallMs;
  const pkg = cold?.tasks?.['handoff-package'];
  const out: Verdict[] = [];
  if (recipe && cold)
    out.push({
      target: 'cold handoff >= 8x faster than the recipe',
      measured: `${(recipe / cold.m.wallMs).toFixed(1)}x`,
      ok: recipe / cold.m.wallMs >= 8,
    });
  if (floor && pkg)
    out.push({
      target: 'package step <= 3x the cp -r floor',
      measured: `${(pkg / floor).toFixed(1)}x (${s(pkg)} s vs ${s(floor)} s)`,
      ok: pkg / floor <= 3,
    });
  if (warm !== undefined)
    out.push({ target: 'warm re-run < 4 s (no daemon)', measured: `${s(warm)} s`, ok: warm < 4000 });
  const inProcess = ' (NX_ISOLATE_PLUGINS=false)';
  const coldIn = find(r, NAMES.coldInProcess);
  const warmIn = find(r, NAMES.warmInProcess)?.m.wallMs;
  if (recipe && coldIn)
    out.push({
      target: `cold handoff >= 8x faster than the recipe${inProcess}`,
      measured: `${(recipe / coldIn.m.wallMs).toFixed(1)}x`,
      ok: recipe / coldIn.m.wallMs >= 8,
    });
  if (warmIn !== undefined)
    out.push({ target: `warm re-run < 4 s (no daemon)${inProcess}`, measured: `${s(warmIn)} s`, ok: warmIn < 4000 });
  const nx = r.results.filter((x) => x.name.startsWith('nx ') || x.stage);
  if (nx.length) {
    const worst = nx.reduce((a, b) => (b.m.peakRssKb > a.m.peakRssKb ? b : a));
    out.push({
      target: 'peak RSS of any process < 256 MiB',
      measured: `${mb(worst.m.peakRssKb)} MiB (${worst.m.peakProcess ?? '?'} in "${worst.name}")`,
      ok: worst.m.peakRssKb < RSS_LIMIT_KB,
    });
  }
  return out;
}

export function formatVerdicts(r: SizeReport): string {
  return verdicts(r)
    .map((v) => `- ${v.ok === undefined ? '?' : v.ok ? 'PASS' : 'FAIL'} ${v.target}: ${v.measured}`)
    .join('\n');
}
