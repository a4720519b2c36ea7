/**
 * Typed errors. Every user-facing failure is a HandoffError carrying one or more problems; each
 * problem names the file (and line/column or field where it applies), what is wrong and the fix.
 * The top level prints `formatHandoffError(err)` and exits non-zero: no stack trace for user errors.
 */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'JSON_SYNTAX'
  | 'SCHEMA_INVALID'
  | 'PATH_ESCAPE'
  | 'ASSET_MISSING'
  | 'ASSET_COLLISION'
  | 'NO_APPROVED_ASSETS'
  | 'MODEL_LATEST'
  | 'MODEL_UNKNOWN'
  | 'GENAI_FAILED'
  | 'TEMPLATE_INVALID'
  | 'VERSION_EXISTS'
  | 'INTEGRITY'
  | 'LEAK'
  | 'LOCKED'
  | 'ZIP_UNSAFE'
  | 'CANCELLED'
  | 'IO';

export interface Problem {
  code: ErrorCode;
  /** What is wrong, naming the value found. */
  message: string;
  /** The offending file, relative to the workspace root where possible. */
  file?: string;
  line?: number;
  column?: number;
  /** Dotted field path inside the file, e.g. `jobs[3].model`. */
  field?: string;
  /** How to fix it. */
  hint?: string;
}

export class HandoffError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];

  constructor(problems: Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems];
    if (list.length === 0) throw new Error('HandoffError needs at least one problem');
    super(list.map(formatProblem).join('\n'));
    this.name = 'HandoffError';
    this.code = list[0].code;
    this.problems = list;
  }
}

export function isHandoffError(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}

/** `file:line:col field: message\n  fix: hint` */
export function formatProblem(p: Problem): string {
  let where = p.file ?? '';
  if (where && p.line !== undefined) where += `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}`;
  if (p.field) where += where ? ` (${p.field})` : p.field;
  const head = where ? `${where}: ${p.message}` : p.message;
  return p.hint ? `${head}\n  fix: ${p.hint}` : head;
}

/** Human text for any error: problems for HandoffError, message (no stack) for the rest. */
export function formatHandoffError(err: unknown): string {
  if (isHandoffError(err)) {
    const n = err.problems.length;
    const head = n > 1 ? `nx-handoff: ${n} problems\n` : 'nx-handoff: ';
    return head + err.problems.map(formatProblem).join('\n');
  }
  if (err instanceof Error) return `nx-handoff: unexpected error: ${err.message}\n${err.stack ?? ''}`;
  return `nx-handoff: unexpected error: ${String(err)}`;
}

/** Run `step`, adding a HandoffError's problems to `problems` instead of stopping (`undefined` then). */
export async function collectProblems<T>(problems: Problem[], step: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!isHandoffError(err)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}
