/**
 * Large media stay out of Nx's file hashing (the .nxignore block written by init/handoff-client)
 * and each client's committed asset lock stands in for them: the Nx process stays small with a
 * large video in a client, a changed media byte still reaches `nx affected` through `nx sync`,
 * `nx sync:check` gates a stale lock, and packaging refuses one.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { E2eWorkspace } from './utils/workspace';

jest.setTimeout(300_000);

const LOCK = 'clients/acme/handoff.assets.lock.json';
const VIDEO = 'clients/acme/raw/master-cut.mov';
const VIDEO_BYTES = 400 * 1024 * 1024; // sparse: no disk, but Nx reads (and holds) every byte it hashes

/** Peak RSS (MiB) of `nx show projects` without the daemon, the file map computed from scratch. */
function nxPeakRssMib(ws: E2eWorkspace): number {
  rmSync(ws.path('.nx'), { recursive: true, force: true });
  const nxDir = ws.path('node_modules', 'nx');
  const bin = path.join(nxDir, JSON.parse(readFileSync(path.join(nxDir, 'package.json'), 'utf8')).bin.nx);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    CI: 'true',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
  };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_ENV') delete env[key];
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, bin, 'show', 'projects'], {
    cwd: ws.root,
    env,
    encoding: 'utf8',
  });
  const kb = /maxrss=(\d+)/.exec(r.stderr ?? '')?.[1];
  if (r.status !== 0 || !kb) throw new Error(`nx show projects failed:\n${r.stdout}${r.stderr}`);
  return Number(kb) / 1024;
}

function flipByte(ws: E2eWorkspace, rel: string, offset: number, value: number): void {
  const fd = openSync(ws.path(rel), 'r+');
  try {
    writeSync(fd, Buffer.from([value]), 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

function affected(ws: E2eWorkspace, base: string): string[] {
  const out = ws.nxOk('show', 'projects', '--affected', '-t', 'handoff', `--base=${base}`);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[a-z][a-z0-9-]*$/.test(l));
}

describe('client media out of Nx hashing, tracked by the asset lock', () => {
  let ws: E2eWorkspace;
  let base: string;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
    for (const slug of ['acme', 'globex']) {
      ws.nxOk(
        'g',
        'nx-handoff:handoff-client',
        slug,
        '--no-interactive',
        '--date=2026-11-01',
        '--supportContact=Jo Doe <jo@agency.example>',
      );
    }
    ws.copyFromRepo('apps/example-client/deliverables', 'clients/acme/deliverables');
    ws.copyFromRepo('apps/example-client/brand', 'clients/acme/brand');
    ws.write(VIDEO, '');
    truncateSync(ws.path(VIDEO), VIDEO_BYTES);
    ws.commit('two clients, acme with a large master video'); // commit() runs `nx sync` first
    base = ws.git('rev-parse', 'HEAD').trim();
  });
  afterAll(() => ws?.dispose());

  it('the lock lists the video (and the PNGs) by path, size and sha256; .nxignore hides them per client', () => {
    const lock = ws.readJson(LOCK);
    expect(lock.files.find((f: { path: string }) => f.path === 'raw/master-cut.mov')).toMatchObject({
      size: VIDEO_BYTES,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(lock.files.some((f: { path: string }) => f.path.endsWith('.png'))).toBe(true);
    expect(JSON.stringify(lock)).not.toMatch(/mtime/);
    const ignore = ws.read('.nxignore');
    expect(ignore).toContain('/clients/acme/**/*.[mM][oO][vV]');
    expect(ignore).toContain('/clients/globex/**/*.[mM][oO][vV]');
    expect(ws.nx('sync:check').status).toBe(0);
  });

  it('the Nx process stays small with the video ignored, and holds it whole without the ignore', () => {
    const ignored = nxPeakRssMib(ws);
    const ignore = ws.read('.nxignore');
    ws.write('.nxignore', '');
    let hashed: number;
    try {
      hashed = nxPeakRssMib(ws);
    } finally {
      ws.write('.nxignore', ignore);
    }
    console.log(`nx show projects peak RSS: ${ignored.toFixed(0)} MiB ignored, ${hashed.toFixed(0)} MiB hashed`);
    expect(ignored).toBeLessThan(256);
    expect(hashed).toBeGreaterThan(VIDEO_BYTES / 1024 / 1024);
  });

  it('a changed media byte: sync:check fails, nx sync rewrites the lock, nx affected selects that client only', () => {
    flipByte(ws, VIDEO, 123_456, 1);
    // Nx does not see the video itself...
    expect(affected(ws, base)).toEqual([]);
    const check = ws.nx('sync:check');
    expect(check.status).not.toBe(0);
    expect(check.output).toContain('1 client asset lock is out of date');
    expect(check.output).toContain(LOCK);

    const before = ws.read(LOCK);
    ws.nxOk('sync');
    expect(ws.read(LOCK)).not.toBe(before);
    expect(ws.nx('sync:check').status).toBe(0);
    // ...it sees the lock.
    expect(affected(ws, base)).toEqual(['acme']);
  });

  it('packaging with a stale lock fails, naming the file and the fix', () => {
    ws.commit('lock after the first change');
    flipByte(ws, VIDEO, 7, 2); // not synced: CI=true makes Nx skip sync generators before tasks
    const r = ws.nx('run', 'acme:handoff-package', '--skip-nx-cache', '--output-style=static');
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`${LOCK}: raw/master-cut.mov changed since the asset lock was written`);
    expect(r.output).toContain('fix: run `nx sync`');
  });
});
