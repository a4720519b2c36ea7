import { HandoffError } from '../errors';

function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A source file that cannot be opened or read. */
export function sourceReadError(err: unknown, bundlePath: string, abs: string): HandoffError {
  if (isHandoffErrorLike(err)) return err;
  const code = errnoCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new HandoffError({
      code: 'ASSET_MISSING',
      file: abs,
      message: `source of ${bundlePath} is missing (${code})`,
      hint: 'the file was moved or deleted after the bundle was planned; restore it or re-run the handoff',
    });
  }
  return new HandoffError({
    code: 'IO',
    file: abs,
    message: `cannot read the source of ${bundlePath} (${code ?? (err as Error)?.message ?? String(err)})`,
    hint:
      code === 'EACCES' || code === 'EPERM'
        ? 'make the file readable by this user'
        : 'check the file and the disk it is on',
  });
}

/** The size of a source file changed between planning and packaging. */
export function sourceChangedError(bundlePath: string, abs: string, expected: number, actual: number): HandoffError {
  return new HandoffError({
    code: 'INTEGRITY',
    file: abs,
    message: `source of ${bundlePath} changed while packaging: planned ${expected} bytes, read ${actual > expected ? `more than ${expected}` : actual} bytes`,
    hint: 'something is writing to the client folder; wait for it to finish and re-run the handoff',
  });
}

/** A failure writing the zip (or its .sha256) into `outDir`. */
export function outputWriteError(err: unknown, outDir: string, target: string): unknown {
  if (isHandoffErrorLike(err)) return err;
  const code = errnoCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new HandoffError({
      code: 'IO',
      file: target,
      message: `no space left on device while writing the bundle into ${outDir}${code === 'EDQUOT' ? ' (disk quota exceeded)' : ''}`,
      hint: `free space on the disk holding ${outDir} (the bundle needs about the size of its assets) and re-run`,
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new HandoffError({
      code: 'IO',
      file: target,
      message: `cannot write into ${outDir} (${code})`,
      hint: 'make the output folder writable or choose another output folder',
    });
  }
  if (code) {
    return new HandoffError({
      code: 'IO',
      file: target,
      message: `writing the bundle into ${outDir} failed (${code})`,
      hint: 'check the output folder and its disk',
    });
  }
  return err;
}

function isHandoffErrorLike(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}
