/**
 * What the handoff-client generator writes where only the agency can answer (the support contact,
 * the brand stubs' sections): a bundle must not reach the client with it. handoff-check reports
 * it (check/placeholders.ts); the generator's templates carry it.
 */
export const PLACEHOLDER_MARKER = 'TO FILL IN';

/** 1-based numbers of the lines of `text` that still hold the marker. */
export function placeholderLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.includes(PLACEHOLDER_MARKER)) lines.push(i + 1);
  });
  return lines;
}
