import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { preTasksExecution, ZIP_HASH_ENV, zipArgFrom, zipFingerprint } from './zip-fingerprint';

describe('zipArgFrom', () => {
  it.each([
    [['nx', 'run', 'a:handoff-cold-test', '--zip=dist/x.zip'], 'dist/x.zip'],
    [['nx', 'run', 'a:handoff-cold-test', '--zip', 'dist/x.zip', '--all'], 'dist/x.zip'],
    [['nx', 'run', 'a:handoff-cold-test', '--zip', '--all'], undefined],
    [['nx', 'run', 'a:handoff'], undefined],
    [['nx', 'run', 'a:handoff', '--zipper=1'], undefined],
  ])('%j -> %j', (argv, zip) => {
    expect(zipArgFrom(argv)).toBe(zip);
  });
});

describe('zipFingerprint / preTasksExecution (real files)', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'nx-handoff-zipfp-'));
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    delete process.env[ZIP_HASH_ENV];
  });

  it('is the sha256 of the zip, so new bytes at the same path change the task hash', async () => {
    writeFileSync(path.join(ws, 'b.zip'), 'one');
    const first = await zipFingerprint(['--zip=b.zip'], ws);
    expect(first).toBe(createHash('sha256').update('one').digest('hex'));
    writeFileSync(path.join(ws, 'b.zip'), 'two');
    expect(await zipFingerprint(['--zip=b.zip'], ws)).not.toBe(first);
  });

  it('marks a missing zip, and is empty without --zip', async () => {
    expect(await zipFingerprint(['--zip=nope.zip'], ws)).toBe('missing:nope.zip');
    expect(await zipFingerprint(['run', 'a:handoff'], ws)).toBe('');
  });

  it('always assigns the variable, clearing a value left by an earlier command', async () => {
    process.env[ZIP_HASH_ENV] = 'stale';
    await preTasksExecution(undefined, { id: '1', workspaceRoot: ws, nxJsonConfiguration: {}, argv: ['nx', 'run', 'a:handoff'] });
    expect(process.env[ZIP_HASH_ENV]).toBe('');
  });
});
