/**
 * Job statuses as agencies' records write them: read case-insensitively, with common synonyms.
 * A leaf shared by the inventory (which reports a status it cannot read) and the filter (which
 * drops what does not ship).
 */

export type StatusClass = 'completed' | 'failed' | 'pending';

const SYNONYMS: Record<StatusClass, string[]> = {
  completed: ['completed', 'complete', 'succeeded', 'success', 'successful', 'done', 'finished', 'ok', 'approved'],
  failed: [
    'failed',
    'failure',
    'fail',
    'error',
    'errored',
    'cancelled',
    'canceled',
    'timeout',
    'timed_out',
    'timed-out',
    'timedout',
    'aborted',
    'rejected',
  ],
  pending: ['pending', 'queued', 'running', 'in_progress', 'in-progress', 'processing', 'started', 'submitted'],
};

const CLASS_OF = new Map<string, StatusClass>(
  (Object.entries(SYNONYMS) as Array<[StatusClass, string[]]>).flatMap(([cls, words]) =>
    words.map((w) => [w, cls] as [string, StatusClass]),
  ),
);

/** Lower-case, trimmed, inner spaces as `_` (`"Timed Out"` -> `timed_out`). */
export function normalizeStatus(status: string): string {
  return status.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * The class of a status; an absent or empty status counts as completed (older CLI versions write
 * none for finished jobs). `extraExcluded` are the configured `filter.excludeStatuses`, which
 * are known statuses too. Undefined: a status nobody can read.
 */
export function classifyStatus(status: string | undefined, extraExcluded: string[] = []): StatusClass | undefined {
  if (status === undefined) return 'completed';
  const s = normalizeStatus(status);
  if (s === '') return 'completed';
  if (extraExcluded.some((x) => normalizeStatus(x) === s)) return 'failed';
  return CLASS_OF.get(s);
}

/** The statuses read as each class, for messages and the README. */
export function knownStatuses(): Record<StatusClass, readonly string[]> {
  return SYNONYMS;
}
