/**
 * How many small file-system calls (stat, realpath, a header read) run at once. Each async call
 * is a round trip through libuv's thread pool (~0.1-0.3 ms here); awaited one file at a time, a
 * thousand files took most of a second of waiting, not working.
 */
export const FS_CONCURRENCY = 16;

/** `fn` over `items`, at most `limit` calls at a time; the results in the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
