/**
 * Test helper: silence console.log/console.error for each test of the calling describe block and
 * read back what an executor printed.
 */
export interface ConsoleCapture {
  /** Everything printed with console.log in the current test. */
  logged(): string;
  /** Everything printed with console.error or console.warn (stderr) in the current test. */
  errors(): string;
}

export function captureConsole(): ConsoleCapture {
  let log: jest.SpyInstance | undefined;
  let error: jest.SpyInstance | undefined;
  let warn: jest.SpyInstance | undefined;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  const text = (spy?: jest.SpyInstance) => spy?.mock.calls.flat().join('\n') ?? '';
  return { logged: () => text(log), errors: () => [text(error), text(warn)].filter(Boolean).join('\n') };
}
