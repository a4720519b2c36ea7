import { HandoffError } from '../errors';
import { outputWriteError, sourceReadError } from './package-errors';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code });

describe('package errors', () => {
  it('maps ENOSPC to an IO error naming the output folder', () => {
    const err = outputWriteError(errno('ENOSPC'), '/dist/handoff/acme', '/dist/handoff/acme/a.zip') as HandoffError;
    expect(err).toBeInstanceOf(HandoffError);
    expect(err.code).toBe('IO');
    expect(err.message).toContain('no space left on device');
    expect(err.message).toContain('/dist/handoff/acme');
  });
  it('maps a missing source to ASSET_MISSING and other read errors to IO', () => {
    expect(sourceReadError(errno('ENOENT'), 'assets/a.png', '/c/a.png').code).toBe('ASSET_MISSING');
    const denied = sourceReadError(errno('EACCES'), 'assets/a.png', '/c/a.png');
    expect([denied.code, denied.problems[0].file, denied.problems[0].hint]).toEqual([
      'IO',
      '/c/a.png',
      'make the file readable by this user',
    ]);
  });
  it('passes HandoffErrors and non-errno errors through', () => {
    const own = new HandoffError({ code: 'INTEGRITY', message: 'x' });
    expect(outputWriteError(own, '/o', '/o/a.zip')).toBe(own);
    const plain = new Error('bug');
    expect(outputWriteError(plain, '/o', '/o/a.zip')).toBe(plain);
  });
});
