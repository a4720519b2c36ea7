/** Pure formatting of progress figures: sizes, rates, durations and the one-line summary. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units, 3 significant digits: `950 B`, `1.50 MB`, `12.3 GB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${Math.round(v)} B`;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[u]}`;
}

/** `h:mm:ss` or `m:ss`; `?` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '?';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export interface ProgressState {
  label: string;
  totalBytes: number;
  totalFiles: number;
  bytes: number;
  files: number;
  elapsedMs: number;
}

/** Bytes per second so far; undefined before anything measurable happened. */
export function rateOf(s: ProgressState): number | undefined {
  return s.elapsedMs >= 50 && s.bytes > 0 ? (s.bytes * 1000) / s.elapsedMs : undefined;
}

/** Time left at the average rate so far. */
export function etaOf(s: ProgressState): number | undefined {
  const rate = rateOf(s);
  if (rate === undefined) return undefined;
  return Math.max(0, ((s.totalBytes - s.bytes) * 1000) / rate);
}

/** Fraction done, by bytes (files when there are no bytes), in [0, 1]. */
export function fractionOf(s: ProgressState): number {
  const f = s.totalBytes > 0 ? s.bytes / s.totalBytes : s.totalFiles > 0 ? s.files / s.totalFiles : 1;
  return Math.min(1, Math.max(0, f));
}

/** `package: 42% 420/1000 files, 651 MB/1.55 GB, 180 MB/s, ETA 0:05` */
export function formatProgressLine(s: ProgressState): string {
  const rate = rateOf(s);
  return (
    `${s.label}: ${Math.floor(fractionOf(s) * 100)}% ${s.files}/${s.totalFiles} files, ` +
    `${formatBytes(s.bytes)}/${formatBytes(s.totalBytes)}, ${rate === undefined ? '? B' : formatBytes(rate)}/s, ETA ${formatDuration(etaOf(s))}`
  );
}

/** `package: done, 1000 files, 1.55 GB in 0:09 (172 MB/s)` */
export function formatDoneLine(s: ProgressState): string {
  const rate = rateOf(s);
  return `${s.label}: done, ${s.files} files, ${formatBytes(s.bytes)} in ${formatDuration(s.elapsedMs)}${rate === undefined ? '' : ` (${formatBytes(rate)}/s)`}`;
}

/** `package: stopped after 420/1000 files, 651 MB/1.55 GB, 0:03` */
export function formatStoppedLine(s: ProgressState): string {
  return `${s.label}: stopped after ${s.files}/${s.totalFiles} files, ${formatBytes(s.bytes)}/${formatBytes(s.totalBytes)}, ${formatDuration(s.elapsedMs)}`;
}
