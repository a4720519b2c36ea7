import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { isHandoffError, type HandoffError } from '../errors';
import { createGenAiClient, type GenAiClientOptions } from './client';
import { scrubbedEnv } from './scrubbed-env';

const FAKE_BIN_DIR = join(__dirname, '__fixtures__', 'bin');
const FAKE_BIN = join(FAKE_BIN_DIR, 'gen-ai');

interface LogLine {
  argv: string[];
  env: Record<string, string>;
  envNames: string[];
}

let tmp: string;
let home: string;
let logFile: string;
let counter = 0;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'genai-client-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => {
  counter += 1;
  home = mkdtempSync(join(tmp, 'home-'));
  logFile = join(tmp, `log-${counter}.jsonl`);
});

/** A client on the fake binary with a scrubbed env plus `extra`; the child logs every call. */
function fakeClient(extra: NodeJS.ProcessEnv = {}, opts: GenAiClientOptions = {}) {
  const env = { ...scrubbedEnv(process.env, home), FAKE_GENAI_LOG: logFile, ...extra };
  return createGenAiClient({ bin: FAKE_BIN, env, extendEnv: false, ...opts });
}

function readLog(): LogLine[] {
  return readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);
}

async function rejection(promise: Promise<unknown>): Promise<HandoffError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHandoffError(err)) throw new Error(`expected a HandoffError, got ${String(err)}`);
  return err;
}

describe('available', () => {
  it('is true when `gen-ai --version` exits 0, and asks the binary only once', async () => {
    const client = fakeClient();
    expect(await client.available()).toBe(true);
    expect(await client.available()).toBe(true);
    expect(readLog().map((l) => l.argv)).toEqual([['--version']]);
  });

  it('is false, without throwing, for a missing path or a name not on PATH', async () => {
    expect(await createGenAiClient({ bin: join(tmp, 'no-such-gen-ai') }).available()).toBe(false);
    const emptyPath = { PATH: mkdtempSync(join(tmp, 'empty-path-')) };
    expect(await createGenAiClient({ env: emptyPath, extendEnv: false }).available()).toBe(false);
  });

  it('counts a CLI whose --version fails as available, and says what it answered', async () => {
    const client = fakeClient({ FAKE_GENAI_VERSION_EXIT: '64' });
    expect(await client.available()).toBe(true);
    expect(await client.probe()).toEqual({
      available: true,
      command: `${FAKE_BIN} --version`,
      answer: 'exited with code 64: gen-ai: unknown option "--version"',
    });
    expect(await client.probe()).toMatchObject({ answer: expect.any(String) });
    expect(readLog().map((l) => l.argv)).toEqual([['--version']]);
  });

  it('says why a missing binary is absent', async () => {
    const probe = await createGenAiClient({ bin: join(tmp, 'no-such-gen-ai') }).probe();
    expect(probe).toMatchObject({ available: false, command: `${join(tmp, 'no-such-gen-ai')} --version` });
    expect(probe.answer).toMatch(/^could not be started \(.*ENOENT/);
  });

  it('resolves `gen-ai` through the PATH given in env', async () => {
    const env = { ...scrubbedEnv(process.env, home), PATH: `${FAKE_BIN_DIR}${delimiter}${process.env.PATH ?? ''}` };
    const client = createGenAiClient({ env, extendEnv: false });
    expect(await client.available()).toBe(true);
    expect((await client.modelInfo('recraftv4')).id).toBe('recraftv4@2026-03-15');
  });
});

describe('modelInfo', () => {
  it('reads version and snake_case capabilities, keeping extra fields in raw', async () => {
    const info = await fakeClient().modelInfo('recraftv4');
    expect(info).toMatchObject({ name: 'recraftv4', version: '2026-03-15', id: 'recraftv4@2026-03-15' });
    expect(info.capabilities).toEqual({
      kind: 'image',
      aspectRatios: ['1:1', '4:5', '16:9', '9:16'],
      maxPromptLength: 4000,
      seed: true,
      params: ['style', 'guidance', 'palette', 'negative_prompt'],
      supportsVector: true,
    });
    expect(info.raw).toMatchObject({ provider: 'recraft', pricing: { unit: 'image', credits: 4 } });
    expect(readLog()[0].argv).toEqual(['models', 'info', 'recraftv4', '--json']);
  });

  it('takes the version from `id` and never from latest_version', async () => {
    const info = await fakeClient().modelInfo('gemini-3.1-flash-image');
    expect(info.id).toBe('gemini-3.1-flash-image@2026-02-01');
    expect(info.capabilities).toEqual({
      kind: 'image',
      aspectRatios: ['1:1', '3:2', '16:9'],
      maxPromptLength: 2000,
      seed: false,
      params: ['thinking_level'],
    });
  });

  it('takes the version from versions[0] and parameter names from a params object (video)', async () => {
    const info = await fakeClient().modelInfo('kling-v2');
    expect(info.id).toBe('kling-v2@2026-01-10');
    expect(info.capabilities).toMatchObject({ kind: 'video', seed: true, params: ['duration', 'fps'] });
  });

  it('accepts a pinned name@version the CLI knows', async () => {
    expect((await fakeClient().modelInfo('kling-v2@2026-01-10')).version).toBe('2026-01-10');
  });

  it('skips a banner line printed before the JSON', async () => {
    expect((await fakeClient({ FAKE_GENAI_BANNER: '1' }).modelInfo('recraftv4')).version).toBe('2026-03-15');
  });

  it('fails naming the model, command, exit code and stderr for an unknown model', async () => {
    const err = await rejection(fakeClient().modelInfo('nope-model'));
    expect(err.code).toBe('GENAI_FAILED');
    expect(err.message).toContain('could not describe model `nope-model`');
    expect(err.message).toContain(`\`${FAKE_BIN} models info nope-model --json\` exited with code 2`);
    expect(err.message).toContain('stderr: gen-ai: model not found: nope-model');
    expect(err.problems[0].hint).toContain('run `gen-ai whoami` to check authentication, then re-run with --debug');
  });

  it('fails for a version the CLI does not know', async () => {
    const err = await rejection(fakeClient().modelInfo('recraftv4@1999-01-01'));
    expect(err.message).toContain('recraftv4 has no version 1999-01-01');
  });

  it('refuses a model that reports only latest_version', async () => {
    const err = await rejection(
      createGenAiClient({ env: { PATH: `${FAKE_BIN_DIR}${delimiter}${process.env.PATH}` } }).modelInfo('mystery-model'),
    );
    expect(err.code).toBe('GENAI_FAILED');
    expect(err.message).toBe(
      'no exact version in `gen-ai models info mystery-model --json`\n  fix: ' + err.problems[0].hint,
    );
    expect(err.problems[0].hint).toContain('model-registry.json');
  });

  it('refuses version "latest"', async () => {
    const err = await rejection(fakeClient().modelInfo('floaty'));
    expect(err.problems[0].message).toMatch(
      /^no exact version in `.*models info floaty --json` \(version is "latest"\)$/,
    );
  });

  it('fails when the CLI prints no JSON object', async () => {
    const err = await rejection(fakeClient({ FAKE_GENAI_INFO_STDOUT: 'Service unavailable' }).modelInfo('recraftv4'));
    expect(err.message).toContain('did not print a JSON object for model `recraftv4` (stdout: "Service unavailable")');
  });

  it('fails clearly on timeout', async () => {
    const err = await rejection(fakeClient({ FAKE_GENAI_SLEEP_MS: '5000' }, { timeoutMs: 300 }).modelInfo('recraftv4'));
    expect(err.code).toBe('GENAI_FAILED');
    expect(err.message).toContain('models info recraftv4 --json` timed out after 300 ms');
  });

  it('fails with an install hint when the binary is missing', async () => {
    const err = await rejection(createGenAiClient({ bin: join(tmp, 'missing', 'gen-ai') }).modelInfo('recraftv4'));
    expect(err.message).toContain('could not be started');
    expect(err.message).toContain('ENOENT');
    expect(err.problems[0].hint).toContain('PATH');
  });
});

describe('generateDryRun', () => {
  it('passes model, prompt, seed, aspect ratio and sorted params (non-strings as JSON)', async () => {
    const outcome = await fakeClient().generateDryRun({
      model: 'recraftv4@2026-03-15',
      prompt: "a fox's den, dusk",
      seed: 42,
      aspectRatio: '16:9',
      params: { style: 'poster', palette: ['#000', '#fff'], guidance: 7.5, negative_prompt: undefined },
    });
    const expected = [
      'generate',
      '-m',
      'recraftv4@2026-03-15',
      '-p',
      "a fox's den, dusk",
      '--seed',
      '42',
      '--aspect-ratio',
      '16:9',
      '--param',
      'guidance=7.5',
      '--param',
      'palette=["#000","#fff"]',
      '--param',
      'style=poster',
      '--dry-run',
      '--no-input',
    ];
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, args: expected, stderr: '' });
    expect(readLog()[0].argv).toEqual(expected);
    expect(JSON.parse(outcome.stdout)).toEqual({
      dryRun: true,
      model: 'recraftv4@2026-03-15',
      prompt: "a fox's den, dusk",
      seed: 42,
      aspectRatio: '16:9',
      params: { guidance: '7.5', palette: '["#000","#fff"]', style: 'poster' },
      interactive: false,
    });
  });

  it('returns ok:false with the CLI error for an unsupported aspect ratio', async () => {
    const outcome = await fakeClient().generateDryRun({
      model: 'kling-v2@2026-01-10',
      prompt: 'waves',
      aspectRatio: '4:3',
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: 1, stdout: '' });
    expect(outcome.stderr).toContain('aspect ratio 4:3 is not supported by kling-v2');
  });

  it('returns ok:false for an unpinned model and an empty prompt', async () => {
    const client = fakeClient();
    const unpinned = await client.generateDryRun({ model: 'recraftv4', prompt: 'x' });
    expect(unpinned).toMatchObject({ ok: false, exitCode: 1 });
    expect(unpinned.stderr).toContain('model must be pinned as name@version');
    const empty = await client.generateDryRun({ model: 'recraftv4@2026-03-15', prompt: ' ' });
    expect(empty.stderr).toContain('prompt must not be empty');
  });

  it('returns ok:false with exitCode -1 when the binary cannot be started or times out', async () => {
    const missing = await createGenAiClient({ bin: join(tmp, 'no-gen-ai') }).generateDryRun({
      model: 'a@1',
      prompt: 'x',
    });
    expect(missing).toMatchObject({ ok: false, exitCode: -1 });
    expect(missing.stderr).toMatch(/could not be started: .*ENOENT/);
    const slow = await fakeClient({ FAKE_GENAI_SLEEP_MS: '5000' }, { timeoutMs: 300 }).generateDryRun({
      model: 'recraftv4@2026-03-15',
      prompt: 'x',
    });
    expect(slow).toMatchObject({ ok: false, exitCode: -1 });
    expect(slow.stderr).toContain('timed out after 300 ms');
  });

  it('refuses a param key the CLI would misread, without spawning', async () => {
    const outcome = await fakeClient().generateDryRun({
      model: 'recraftv4@2026-03-15',
      prompt: 'x',
      params: { 'a=b': 1 },
    });
    expect(outcome).toMatchObject({ ok: false, exitCode: -1 });
    expect(outcome.stderr).toContain('"a=b"');
    expect(() => readLog()).toThrow(/ENOENT/);
  });
});

describe('whoami', () => {
  it('reports "not logged in" without a token and the user with one', async () => {
    const anonymous = await fakeClient().whoami();
    expect(anonymous).toMatchObject({ ok: false, exitCode: 1, args: ['whoami'] });
    expect(anonymous.stderr).toContain('not logged in');
    const loggedIn = await fakeClient({ GENAI_TOKEN: 'tok-123' }).whoami();
    expect(loggedIn).toMatchObject({ ok: true, exitCode: 0, stdout: 'fake-user@example.com (team: fake-agency)' });
  });
});

describe('environment of the child', () => {
  const secrets = {
    GENAI_TOKEN: 'leak-1',
    OPENAI_API_KEY: 'leak-2',
    AWS_SECRET_ACCESS_KEY: 'leak-3',
    NPM_TOKEN: 'leak-4',
    LC_AUTH_TOKEN: 'leak-5',
    XDG_CONFIG_HOME: '/real/home/.config',
    SOME_SERVICE_PAT: 'leak-6',
  };

  it('sees only the scrubbed env with extendEnv:false: HOME swapped, no secrets, still logged out', async () => {
    const env = { ...scrubbedEnv({ ...process.env, ...secrets, HOME: '/real/home' }, home), FAKE_GENAI_LOG: logFile };
    const outcome = await createGenAiClient({ bin: FAKE_BIN, env, extendEnv: false }).whoami();
    expect(outcome.stderr).toContain('not logged in');
    const [seen] = readLog();
    expect(seen.env).toEqual({ HOME: home, USERPROFILE: home });
    for (const name of Object.keys(secrets)) expect(seen.envNames).not.toContain(name);
    expect(seen.envNames).toContain('PATH');
    expect(
      seen.envNames.filter((n) => !/^(PATH|HOME|USERPROFILE|TMPDIR|TZ|LANG|LANGUAGE|LC_.*|FAKE_GENAI_LOG)$/.test(n)),
    ).toEqual([]);
  });

  it('inherits process.env unless extendEnv is false', async () => {
    process.env.FAKE_CANARY_TOKEN = 'canary';
    try {
      await createGenAiClient({ bin: FAKE_BIN, env: { FAKE_GENAI_LOG: logFile } }).whoami();
      await createGenAiClient({
        bin: FAKE_BIN,
        env: { PATH: process.env.PATH, FAKE_GENAI_LOG: logFile },
        extendEnv: false,
      }).whoami();
    } finally {
      delete process.env.FAKE_CANARY_TOKEN;
    }
    const [extended, isolated] = readLog();
    expect(extended.envNames).toContain('FAKE_CANARY_TOKEN');
    expect(isolated.envNames).toEqual(['FAKE_GENAI_LOG', 'PATH']);
  });
});
