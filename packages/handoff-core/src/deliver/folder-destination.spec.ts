import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isHandoffError } from '../errors';
import { fakePng, makeClientFixture, makeTempDir } from '../testing/fixture-tree';
import { deliverVersion } from './deliver';
import { resolveFolder } from './folder-destination';
import { buildVersion, editConfig, sha256Of } from './testing/delivery-fixture';

const ledgerOf = (clientRoot: string) => path.join(clientRoot, 'handoff-ledger.json');
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

async function fixture(destinations: object[]) {
  const { workspaceRoot, clientRoot } = await makeClientFixture({ config: { deliver: { destinations } } });
  return { workspaceRoot, clientRoot };
}

describe('folder destination', () => {
  it('resolves ~ and workspace-relative paths', () => {
    expect(resolveFolder('~/out', '/ws', '/home/jo')).toBe('/home/jo/out');
    expect(resolveFolder('out/acme', '/ws')).toBe('/ws/out/acme');
  });

  it('refuses to deliver before the version is built', async () => {
    const { workspaceRoot, clientRoot } = await fixture([{ type: 'folder', path: await makeTempDir() }]);
    const err = await deliverVersion({ workspaceRoot, clientRoot }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0]).toMatchObject({
      code: 'ASSET_MISSING',
      hint: expect.stringContaining('nx run acme:handoff'),
    });
  });

  it('a missing share fails that destination only, records the others, and a retry sends only what is missing', async () => {
    const ok = await makeTempDir();
    const missing = path.join(await makeTempDir(), 'not-mounted');
    const { workspaceRoot, clientRoot } = await fixture([
      { type: 'folder', name: 'nas', path: missing },
      { type: 'folder', name: 'local', path: ok },
    ]);
    const built = await buildVersion(workspaceRoot, clientRoot);
    const first = await deliverVersion({ workspaceRoot, clientRoot });
    expect(first.ok).toBe(false);
    expect(first.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['nas', 'failed'],
      ['local', 'delivered'],
    ]);
    expect(first.outcomes[0].problem).toMatchObject({ code: 'IO', hint: expect.stringContaining('createFolder') });
    expect(await exists(missing)).toBe(false);
    const recorded = JSON.parse(await fs.readFile(ledgerOf(clientRoot), 'utf8'));
    expect(recorded.versions[0].deliveries.map((d: { destination: { name: string } }) => d.destination.name)).toEqual([
      'local',
    ]);

    await fs.mkdir(missing);
    const retry = await deliverVersion({ workspaceRoot, clientRoot });
    expect(retry.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['nas', 'delivered'],
      ['local', 'already-delivered'],
    ]);
    expect(await sha256Of(path.join(missing, path.basename(built.zipPath)))).toBe(built.sha256);
    expect(await fs.readdir(missing)).toEqual([path.basename(built.zipPath), `${path.basename(built.zipPath)}.sha256`]);
  });

  it('when every destination fails the ledger is not written', async () => {
    const { workspaceRoot, clientRoot } = await fixture([
      { type: 'folder', path: path.join(await makeTempDir(), 'gone') },
    ]);
    await buildVersion(workspaceRoot, clientRoot);
    const result = await deliverVersion({ workspaceRoot, clientRoot });
    expect(result.ok).toBe(false);
    expect(result.brief).toBeUndefined();
    expect(await exists(ledgerOf(clientRoot))).toBe(false);
  });

  it('never overwrites a different file silently; --force replaces it and records the delivery once', async () => {
    const share = await makeTempDir();
    const { workspaceRoot, clientRoot } = await fixture([{ type: 'folder', path: share }]);
    const built = await buildVersion(workspaceRoot, clientRoot);
    const target = path.join(share, path.basename(built.zipPath));
    await fs.writeFile(target, "someone else's file");
    const refused = await deliverVersion({ workspaceRoot, clientRoot });
    expect(refused.outcomes[0]).toMatchObject({
      status: 'failed',
      problem: { code: 'VERSION_EXISTS', hint: expect.stringContaining('--force') },
    });
    expect(await fs.readFile(target, 'utf8')).toBe("someone else's file");

    await deliverVersion({ workspaceRoot, clientRoot, force: true });
    await deliverVersion({ workspaceRoot, clientRoot, force: true });
    expect(await sha256Of(target)).toBe(built.sha256);
    const ledger = JSON.parse(await fs.readFile(ledgerOf(clientRoot), 'utf8'));
    expect(ledger.versions[0].deliveries).toHaveLength(1);
  });

  it('refuses to deliver a zip that differs from the one the ledger records for this version, before sending anything', async () => {
    const share = await makeTempDir();
    const other = await makeTempDir();
    const { workspaceRoot, clientRoot } = await fixture([
      { type: 'folder', name: 'a', path: share },
      { type: 'folder', name: 'b', path: other },
    ]);
    const built = await buildVersion(workspaceRoot, clientRoot);
    await deliverVersion({ workspaceRoot, clientRoot, only: ['a'] });
    // A v1 rebuilt from changed inputs while the ledger was out of the way.
    const ledger = await fs.readFile(ledgerOf(clientRoot));
    await fs.rm(ledgerOf(clientRoot));
    await fs.writeFile(path.join(clientRoot, 'deliverables/spring/hero-01.png'), fakePng('hero-01 retouched'));
    expect((await buildVersion(workspaceRoot, clientRoot)).sha256).not.toBe(built.sha256);
    await fs.writeFile(ledgerOf(clientRoot), ledger);
    const err = await deliverVersion({ workspaceRoot, clientRoot }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0]).toMatchObject({
      code: 'VERSION_EXISTS',
      hint: expect.stringContaining('handoff-bump'),
    });
    expect(await fs.readdir(other)).toEqual([]);
  });

  it('delivers only to the destinations named, and names the ones that exist', async () => {
    const [a, b] = [await makeTempDir(), await makeTempDir()];
    const { workspaceRoot, clientRoot } = await fixture([
      { type: 'folder', name: 'a', path: a },
      { type: 'folder', name: 'b', path: b },
    ]);
    await buildVersion(workspaceRoot, clientRoot);
    const err = await deliverVersion({ workspaceRoot, clientRoot, only: ['c'] }).catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('use one of: a, b');
    const result = await deliverVersion({ workspaceRoot, clientRoot, only: ['b'] });
    expect(result.outcomes.map((o) => o.name)).toEqual(['b']);
    expect(await fs.readdir(a)).toEqual([]);
  });

  it('says how to configure a destination when there is none', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    await editConfig(clientRoot, (c) => c);
    const err = await deliverVersion({ workspaceRoot, clientRoot }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.problems[0]).toMatchObject({
      field: 'deliver.destinations',
      hint: expect.stringContaining('"type": "folder"'),
    });
  });
});
