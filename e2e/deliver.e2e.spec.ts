/**
 * Delivery in a real Nx workspace: handoff-deliver (after the cached chain) to a folder and to an
 * S3-compatible server on 127.0.0.1 (s3rver, in this process), the ledger, the brief, rebuilds of
 * a delivered version, handoff-bump and v2. Nx runs as a child process started asynchronously, so
 * the S3 server in this process keeps answering while it runs. Steps share one workspace, in order.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import {
  startS3TestServer,
  useEnv,
  type S3TestServer,
} from '../packages/handoff-core/src/deliver/testing/s3-test-server';
import { E2eWorkspace, tasksRun } from './utils/workspace';

jest.setTimeout(240_000);

const SLUG = 'acme-fintech';
const CLIENT = `clients/${SLUG}`;
const ZIP1 = `dist/handoff/${SLUG}/handoff-v1/${SLUG}-handoff-v1-2026-11-01.zip`;
const ZIP2 = `dist/handoff/${SLUG}/handoff-v2/${SLUG}-handoff-v2-2026-12-01.zip`;
const LEDGER = `${CLIENT}/handoff-ledger.json`;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** `nx <args>` without blocking this process (s3rver lives here). */
function nxAsync(ws: E2eWorkspace, ...args: string[]): Promise<{ status: number; output: string }> {
  const nxDir = ws.path('node_modules', 'nx');
  const bin = path.join(nxDir, JSON.parse(readFileSync(path.join(nxDir, 'package.json'), 'utf8')).bin.nx);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_ENV') delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--output-style=static'], { cwd: ws.root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, output: output.replace(/\u001b\[[0-9;]*m/g, '') });
    });
  });
}

describe('handoff-deliver, the ledger and handoff-bump in a fresh workspace', () => {
  let ws: E2eWorkspace;
  let s3: S3TestServer;
  let restoreEnv: () => void;
  let share: string;
  let v1Sha: string;
  const nxOk = async (...args: string[]) => {
    const r = await nxAsync(ws, ...args);
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.output}`);
    return r.output;
  };

  beforeAll(async () => {
    s3 = await startS3TestServer();
    restoreEnv = useEnv(s3.env);
    share = mkdtempSync(path.join(tmpdir(), 'nx-handoff-e2e-share-'));
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
    ws.nxOk(
      'g',
      'nx-handoff:handoff-client',
      SLUG,
      '--no-interactive',
      '--client=Acme Fintech',
      '--engagement=2026 retainer',
      '--supportContact=Jo Doe <jo@agency.example>',
      '--date=2026-11-01',
    );
    ws.copyFromRepo('apps/example-client/deliverables', `${CLIENT}/deliverables`);
    ws.copyFromRepo('apps/example-client/brand', `${CLIENT}/brand`);
    const file = `${CLIENT}/handoff.json`;
    const text = ws.read(file);
    ws.write(
      file,
      applyEdits(
        text,
        modify(
          text,
          ['deliver'],
          {
            destinations: [
              { type: 'folder', name: 'share', path: share },
              {
                type: 's3',
                name: 'client-bucket',
                bucket: s3.bucket,
                prefix: `${SLUG}/`,
                endpoint: s3.endpoint,
                forcePathStyle: true,
              },
            ],
          },
          { formattingOptions: { insertSpaces: true, tabSize: 2 } },
        ),
      ),
    );
    ws.commit('acme-fintech with destinations');
  });
  afterAll(async () => {
    ws?.dispose();
    restoreEnv?.();
    await s3?.close();
    rmSync(share, { recursive: true, force: true });
  });

  it('handoff-deliver builds, cold-tests, delivers everywhere, records the ledger and prints the brief', async () => {
    const out = await nxOk('run', `${SLUG}:handoff-deliver`);
    expect(Object.keys(tasksRun(out))).toEqual(
      expect.arrayContaining([`${SLUG}:handoff-package`, `${SLUG}:handoff-cold-test`, `${SLUG}:handoff-deliver`]),
    );
    v1Sha = sha(ws.path(ZIP1));
    expect(sha(path.join(share, path.basename(ZIP1)))).toBe(v1Sha);
    expect(sha(s3.objectFile(`${SLUG}/${path.basename(ZIP1)}`))).toBe(v1Sha);
    expect(out).toContain(`Recorded v1 in ${LEDGER}: commit it.`);
    expect(out).toContain('# Handoff brief — Acme Fintech, v1 (2026-11-01)');
    expect(out).toMatch(
      /Download link \(expires \S+\):\n {2}<http:\/\/127\.0\.0\.1:\d+\/client-handoffs\/acme-fintech\/acme-fintech-handoff-v1-2026-11-01\.zip\?/,
    );
    expect(out).not.toContain(s3.env.AWS_SECRET_ACCESS_KEY);
    const ledger = ws.readJson(LEDGER);
    expect(ledger.versions.map((v: { version: number; sha256: string }) => [v.version, v.sha256])).toEqual([
      [1, v1Sha],
    ]);
    expect(ledger.versions[0].deliveries.map((d: { destination: { name: string } }) => d.destination.name)).toEqual([
      'share',
      'client-bucket',
    ]);
    expect(existsSync(ws.path(path.dirname(ZIP1), 'BRIEF.md'))).toBe(true);
  });

  it('with the ledger committed, the chain rebuilds v1 to the same digest, and a retry sends nothing', async () => {
    ws.commit('ledger v1');
    const out = await nxOk('run', `${SLUG}:handoff-deliver`);
    expect(tasksRun(out)[`${SLUG}:handoff-package`]).toBe(false);
    expect(out).toContain('reproduces the delivered sha256');
    expect(sha(ws.path(ZIP1))).toBe(v1Sha);
    expect(out).toContain('share: already delivered');
    expect(out).toContain('client-bucket: already delivered');
  });

  it('changed inputs without a bump stop with VERSION_EXISTS and leave the delivered zip alone', async () => {
    ws.write(`${CLIENT}/deliverables/summer-social/extra-note.txt`, 'added after delivery\n');
    const r = await nxAsync(ws, 'run', `${SLUG}:handoff`);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`${LEDGER} (v1): v1 was delivered`);
    expect(r.output).toContain(`nx g nx-handoff:handoff-bump ${SLUG}`);
    expect(sha(ws.path(ZIP1))).toBe(v1Sha);
  });

  it('handoff-bump opens v2; delivering it leaves v1 byte-identical and its CHANGELOG lists exactly what changed', async () => {
    ws.nxOk('g', 'nx-handoff:handoff-bump', SLUG, '--date=2026-12-01');
    expect(ws.read(`${CLIENT}/handoff.json`)).toContain('"version": 2');
    expect(ws.read(`${CLIENT}/handoff.json`)).toMatch(/^\s*\/\//m);
    const out = await nxOk('run', `${SLUG}:handoff-deliver`);
    expect(out).toContain(`Recorded v2 in ${LEDGER}`);
    const changelog = execFileSync('unzip', ['-p', ws.path(ZIP2), `${SLUG}-handoff-v2/docs/CHANGELOG.md`], {
      encoding: 'utf8',
    });
    expect(changelog).toContain(
      '## [v2] - 2026-12-01\n\n- Changes since v1 (2026-11-01):\n- Assets added: `assets/summer-social/extra-note.txt`.\n\n## [v1] - 2026-11-01',
    );
    expect(changelog).toContain(`Delivered zip sha256: \`${v1Sha}\``);
    expect(sha(ws.path(ZIP1))).toBe(v1Sha);
    expect(sha(path.join(share, path.basename(ZIP1)))).toBe(v1Sha);
    const ledger = ws.readJson(LEDGER);
    expect(ledger.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(ledger.versions[1].pins.every((p: { source: string }) => p.source === 'ledger')).toBe(true);
  });
});
