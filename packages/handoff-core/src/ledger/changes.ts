import type { TemplateContext } from '@nx-handoff/templates';
import { compareCodeUnits } from '../fs/safe-path';
import type { Ledger, LedgerPin, LedgerVersion } from './ledger-schema';
import type { VersionSnapshot } from './snapshot';

/** A Markdown code span that survives backticks in the value. */
function code(value: string): string {
  if (!value.includes('`')) return `\`${value}\``;
  return `\`\` ${value} \`\``;
}

function list(values: string[]): string {
  return values.sort(compareCodeUnits).map(code).join(', ');
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export interface KeyedDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Keys added, removed and with a different digest. */
export function diffDigests(before: Record<string, string>, after: Record<string, string>): KeyedDiff {
  const added = Object.keys(after).filter((k) => !(k in before));
  const removed = Object.keys(before).filter((k) => !(k in after));
  const changed = Object.keys(after).filter((k) => k in before && before[k] !== after[k]);
  return { added, removed, changed };
}

function onlyAssets(checksums: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).filter(([p]) => p.startsWith('assets/')));
}

export interface PinDiff {
  repinned: Array<{ from: string; to: string; requested: string[] }>;
  added: string[];
  removed: string[];
}

/** Pins compared by the model names the jobs asked for. */
export function diffPins(before: LedgerPin[], after: LedgerPin[]): PinDiff {
  const idOf = (pins: LedgerPin[]) => new Map(pins.flatMap((p) => p.requested.map((r) => [r, p.id] as const)));
  const was = idOf(before);
  const now = idOf(after);
  const moves = new Map<string, { from: string; to: string; requested: string[] }>();
  for (const [name, to] of now) {
    const from = was.get(name);
    if (from === undefined || from === to) continue;
    const key = `${from}\u0000${to}`;
    const move = moves.get(key) ?? { from, to, requested: [] };
    move.requested.push(name);
    moves.set(key, move);
  }
  const repinned = [...moves.values()];
  const beforeIds = new Set(before.map((p) => p.id));
  const afterIds = new Set(after.map((p) => p.id));
  return {
    repinned,
    added: [...afterIds].filter((id) => !beforeIds.has(id) && !repinned.some((m) => m.to === id)),
    removed: [...beforeIds].filter((id) => !afterIds.has(id) && !repinned.some((m) => m.from === id)),
  };
}

function diffLines(label: string, d: KeyedDiff): string[] {
  const lines: string[] = [];
  if (d.added.length) lines.push(`${label} added: ${list(d.added)}.`);
  if (d.removed.length) lines.push(`${label} removed: ${list(d.removed)}.`);
  if (d.changed.length) lines.push(`${label} changed: ${list(d.changed)}.`);
  return lines;
}

function pinLines(d: PinDiff): string[] {
  return [
    ...d.repinned.map((m) => `Model re-pinned: ${code(m.from)} -> ${code(m.to)} (requested as ${list(m.requested)}).`),
    ...(d.added.length ? [`Models added: ${list(d.added)}.`] : []),
    ...(d.removed.length ? [`Models no longer used: ${list(d.removed)}.`] : []),
  ];
}

export interface VersionCounts {
  assets: number;
  prompts: number;
  models: number;
}

/** The CHANGELOG lines of a version nothing was delivered before. */
export function initialLines(counts: VersionCounts, notes: readonly string[] = []): string[] {
  const summary = `${count(counts.assets, 'asset')}, ${count(counts.prompts, 'prompt')}, ${count(counts.models, 'pinned model')}`;
  return [`Initial handoff: ${summary}.`, ...notes];
}

/**
 * The CHANGELOG lines of a version: what changed since `base` (the last delivered version) by
 * sha256 of the shipped assets, prompt digests and pins, followed by the notes.
 */
export function changeLines(base: LedgerVersion, current: VersionSnapshot, notes: readonly string[] = []): string[] {
  const assetDiff = diffDigests(onlyAssets(base.checksums), onlyAssets(current.checksums));
  const promptDiff = diffDigests(base.prompts, current.prompts);
  const pinDiff = diffPins(base.pins, current.pins);
  const details = [...diffLines('Assets', assetDiff), ...diffLines('Prompts', promptDiff), ...pinLines(pinDiff)];
  const since = `v${base.version} (${base.date})`;
  const head = details.length
    ? `Changes since ${since}:`
    : `No changes to assets, prompts or model pins since ${since}.`;
  return [head, ...details, ...notes];
}

/** initialLines or changeLines, for a complete snapshot (read back from a zip). */
export function versionLines(
  base: LedgerVersion | undefined,
  current: VersionSnapshot,
  notes: readonly string[] = [],
): string[] {
  if (base) return changeLines(base, current, notes);
  const assets = Object.keys(onlyAssets(current.checksums)).length;
  return initialLines({ assets, prompts: Object.keys(current.prompts).length, models: current.pins.length }, notes);
}

/** All CHANGELOG entries, newest first: this version's lines, then every delivered earlier version as recorded. */
export function changelogEntries(
  ledger: Ledger,
  version: number,
  date: string,
  lines: string[],
): TemplateContext['changes'] {
  const earlier = ledger.versions
    .filter((v) => v.version < version)
    .sort((a, b) => b.version - a.version)
    .map((v) => ({ version: v.version, date: v.date, lines: v.changes, sha256: v.sha256 }));
  return [{ version, date, lines }, ...earlier];
}
