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
  floorStages: 'floor: cp -r, again right before the stage runs',
  hashFloor: 'openssl dgst -sha256 of the bundle zip (one hash pass)',
  noop: 'baseline: cached no-op nx run (another project)',
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
  return `${one('handoff-check')} / ${one('handoff-pin')} / ${one('handoff-package')} / ${one('handoff-cold-test')} / ${one('handoff')}`;
}

/** The main table: one row per scenario. */
export function formatSizeTable(r: SizeReport): string {
  const recipe = find(r, NAMES.recipe)?.m.wallMs;
  const floor = find(r, NAMES.floor)?.m.wallMs;
  const lines = [
    `### ${r.label}: ${r.assets} assets, ${gb(r.sourceBytes)} GB under deliverables/, bundle ${gb(r.bundleBytes)} GB`,
    '',
    '| scenario | wall s | CPU s | peak RSS MiB (process) | recipe / this | this / floor | Nx tasks s: check / pin / package / cold-test / handoff (c = cached) | other load |',
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

/** The targets of issue #14, as ratios within this run (each scenario's median run). */
export const TARGETS = {
  coldVsRecipe: 10,
  packageVsFloor: 1.5,
  coldTestVsFloor: 1,
  warmVsNoop: 1.5,
} as const;

const x1 = (n: number): string => `${n.toFixed(2)}x`;

export function verdicts(r: SizeReport): Verdict[] {
  const wall = (name: string) => find(r, name)?.m.wallMs;
  const recipe = wall(NAMES.recipe);
  const floor = wall(NAMES.floor);
  const noop = wall(NAMES.noop);
  const out: Verdict[] = [];
  for (const [coldName, warmName, suffix] of [
    [NAMES.cold, NAMES.warm, ''],
    [NAMES.coldInProcess, NAMES.warmInProcess, ' (NX_ISOLATE_PLUGINS=false)'],
  ] as const) {
    const cold = wall(coldName);
    const warm = wall(warmName);
    if (recipe && cold)
      out.push({
        target: `cold \`nx run <slug>:handoff\` >= ${TARGETS.coldVsRecipe}x faster than the manual recipe${suffix}`,
        measured: `${x1(recipe / cold)} (${s(cold)} s vs ${s(recipe)} s)`,
        ok: recipe / cold >= TARGETS.coldVsRecipe,
      });
    if (noop && warm)
      out.push({
        target: `warm re-run <= ${TARGETS.warmVsNoop}x a cached no-op \`nx run\` in the same workspace${suffix}`,
        measured: `${x1(warm / noop)} (${s(warm)} s vs ${s(noop)} s)`,
        ok: warm / noop <= TARGETS.warmVsNoop,
      });
  }
  // The stages are compared with the floor measured just before them (the host's speed drifts).
  const stageFloor = wall(NAMES.floorStages) ?? floor;
  const hash = wall(NAMES.hashFloor);
  const hashNote = (ms: number): string =>
    hash ? `; ${x1(ms / hash)} one sha256 pass over the zip, ${s(hash)} s` : '';
  const pkg = find(r, NAMES.stagePackage)?.stage?.wallMs;
  const pkgTask = find(r, NAMES.cold)?.tasks?.['handoff-package'];
  if (stageFloor && pkg)
    out.push({
      target: `package stage <= ${TARGETS.packageVsFloor}x the cp -r floor`,
      measured:
        `${x1(pkg / stageFloor)} (${s(pkg)} s vs ${s(stageFloor)} s${hashNote(pkg)}` +
        (pkgTask ? `; the Nx task with its process start: ${x1(pkgTask / stageFloor)}, ${s(pkgTask)} s)` : ')'),
      ok: pkg / stageFloor <= TARGETS.packageVsFloor,
    });
  const ct = find(r, NAMES.stageCold)?.stage?.wallMs;
  const ctTask = find(r, NAMES.cold)?.tasks?.['handoff-cold-test'];
  if (stageFloor && ct)
    out.push({
      target: `cold test <= ${TARGETS.coldTestVsFloor}x the cp -r floor`,
      measured:
        `${x1(ct / stageFloor)} (${s(ct)} s vs ${s(stageFloor)} s${hashNote(ct)}` +
        (ctTask ? `; the Nx task with its process start: ${x1(ctTask / stageFloor)}, ${s(ctTask)} s)` : ')'),
      ok: ct / stageFloor <= TARGETS.coldTestVsFloor,
    });
  const measured = r.results.filter((x) => x.name.startsWith('nx ') || x.stage || x.name === NAMES.noop);
  if (measured.length) {
    const worst = measured.reduce((a, b) => (b.m.peakRssKb > a.m.peakRssKb ? b : a));
    out.push({
      target: 'peak RSS of every process, Nx included, <= 256 MiB',
      measured: `${mb(worst.m.peakRssKb)} MiB (${worst.m.peakProcess ?? '?'} in "${worst.name}")`,
      ok: worst.m.peakRssKb <= RSS_LIMIT_KB,
    });
  }
  return out;
}

export function formatVerdicts(r: SizeReport): string {
  return verdicts(r)
    .map((v) => `- ${v.ok === undefined ? '?' : v.ok ? 'PASS' : 'FAIL'} ${v.target}: ${v.measured}`)
    .join('\n');
}
