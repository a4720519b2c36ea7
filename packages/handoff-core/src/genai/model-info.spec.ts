import { isHandoffError } from '../errors';
import { parseModelInfo, splitModelId } from './model-info';

const CMD = 'gen-ai models info m --json';
const parse = (value: unknown, requested = 'm') => parseModelInfo(JSON.stringify(value), requested, CMD);

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isHandoffError(err) && err.code === 'GENAI_FAILED') return err.message;
    throw err;
  }
  throw new Error('expected GENAI_FAILED');
}

describe('parseModelInfo', () => {
  it('prefers `version`, then id/pinned/pin, then versions[0]', () => {
    expect(parse({ version: '1', id: 'm@2', versions: ['3'] }).version).toBe('1');
    expect(parse({ pinned: 'm@2', versions: ['3'] }).version).toBe('2');
    expect(parse({ pin: 'm@2' }).id).toBe('m@2');
    expect(parse({ id: 'm', versions: ['3', '4'] }).version).toBe('3');
    expect(parse({ versions: [{ version: '5' }] }).version).toBe('5');
  });

  it('never pins latest_version or a floating "latest"', () => {
    expect(errorOf(() => parse({ latest_version: '9', latestVersion: '9', default_version: '9' }))).toContain(
      `no exact version in \`${CMD}\``,
    );
    expect(errorOf(() => parse({ version: 'LATEST', id: 'm@2' }))).toContain('(version is "LATEST")');
    expect(errorOf(() => parse({ versions: ['latest'] }))).toContain('(versions[0] is "latest")');
    expect(errorOf(() => parse({ id: 'm@latest' }))).toContain('(id is "latest")');
  });

  it('refuses a reported version different from the requested pin', () => {
    expect(errorOf(() => parse({ version: '2' }, 'm@1'))).toContain(
      'reports version "2" for `m`, but `m@1` was requested',
    );
  });

  it('takes the name from the JSON, else from the request', () => {
    expect(parse({ name: 'real', version: '1' }).id).toBe('real@1');
    expect(parse({ name: 'real@1', version: '1' }).name).toBe('real');
    expect(parse({ version: '1' }, 'm@1').name).toBe('m');
  });

  it('drops capability values of the wrong type but keeps them in raw', () => {
    const info = parse({
      version: '1',
      aspect_ratios: '1:1',
      max_prompt_length: -1,
      seed: 'yes',
      capabilities: { frame_rates: [24] },
    });
    expect(info.capabilities).toEqual({ frameRates: [24] });
    expect(info.raw.aspect_ratios).toBe('1:1');
  });

  it('tolerates leading banner lines only', () => {
    expect(parseModelInfo('notice: update available\n{"version":"1"}\n', 'm', CMD).version).toBe('1');
    expect(errorOf(() => parseModelInfo('{"version":"1"}\ntrailing', 'm', CMD))).toContain(
      'did not print a JSON object',
    );
    expect(errorOf(() => parseModelInfo('["m@1"]', 'm', CMD))).toContain('(stdout: "[\\"m@1\\"]")');
    expect(errorOf(() => parseModelInfo('', 'm', CMD))).toContain('(stdout: empty)');
  });
});

describe('splitModelId', () => {
  it('splits at the last @', () => {
    expect(splitModelId('a@b@c')).toEqual({ name: 'a@b', version: 'c' });
    expect(splitModelId('a')).toEqual({ name: 'a' });
    expect(splitModelId('@scoped')).toEqual({ name: '@scoped' });
  });
});
