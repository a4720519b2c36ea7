import type { runColdTest } from '@nx-handoff/core';

/** runColdTest's answer for any zip: a report that is ok or not, and its summary line. */
export function coldTestFake(ok: boolean) {
  return jest.fn(async (opts: { zip: string }) => ({
    report: { zip: opts.zip, zipSha256: 'x', ok, checkedAt: '', checks: [] },
    reportFile: `${opts.zip}.cold-test.json`,
    summary: ok ? 'cold test: 5 checks passed' : 'cold test: checksums FAILED',
  })) as unknown as typeof runColdTest;
}
