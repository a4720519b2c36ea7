import type { Problem } from '../errors';
import { compareCodeUnits } from '../fs/safe-path';
import type { CheckReport } from './run-check';

function where(p: Problem): string {
  let at = p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : '';
  if (p.field) at += at ? ` (${p.field})` : p.field;
  return at;
}

/** The check's report for people: problems grouped by file, each with its fix; then a count. */
export function formatCheckReport(report: CheckReport): string {
  const name = report.slug ?? 'handoff';
  if (report.ok) return `handoff-check ${name}: no problems`;
  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file ?? '(no file)', [...(byFile.get(p.file ?? '(no file)') ?? []), p]);
  const lines: string[] = [];
  for (const file of [...byFile.keys()].sort(compareCodeUnits)) {
    lines.push(file);
    for (const p of byFile.get(file) ?? []) {
      const at = where(p);
      lines.push(`  ${at ? `${at}: ` : ''}${p.message}`);
      if (p.hint) lines.push(`    fix: ${p.hint}`);
    }
  }
  const n = report.problems.length;
  lines.push(`handoff-check ${name}: ${n} problem${n === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}; nothing was packaged`);
  return lines.join('\n');
}
