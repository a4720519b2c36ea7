import { formatProblem, type Problem } from '../errors';
import { compareCodeUnits } from '../fs/safe-path';
import type { CheckReport } from './run-check';

/** The check's report for people: problems grouped under their file (by line), each with its fix; then a count. */
export function formatCheckReport(report: CheckReport): string {
  const name = report.slug ?? 'handoff';
  if (report.ok) return `handoff-check ${name}: no problems`;
  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file ?? '(no file)', [...(byFile.get(p.file ?? '(no file)') ?? []), p]);
  const lines: string[] = [];
  for (const file of [...byFile.keys()].sort(compareCodeUnits)) {
    lines.push(file);
    const inFile = [...(byFile.get(file) ?? [])].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    // Each line keeps `file:line:col`, which editors and terminals open at the spot.
    for (const p of inFile)
      lines.push(
        ...formatProblem(p)
          .split('\n')
          .map((l) => `  ${l}`),
      );
  }
  const n = report.problems.length;
  lines.push(
    `handoff-check ${name}: ${n} problem${n === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}; nothing was packaged`,
  );
  return lines.join('\n');
}
