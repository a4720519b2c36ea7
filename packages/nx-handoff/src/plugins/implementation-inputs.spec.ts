import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  buildImplementationInputs,
  classifyPackageDir,
  resolveImplementationInputs,
  VERSION_RUNTIME_INPUT,
} from './implementation-inputs';
import { handoffInputs, ZLIB_INPUT } from './infer-targets';

describe('classifyPackageDir', () => {
  const ws = path.resolve('/ws');

  it('treats a workspace folder outside node_modules as source, with a POSIX relative dir', () => {
    expect(classifyPackageDir(path.join(ws, 'packages', 'core'), ws, true)).toEqual({
      mode: 'source',
      dir: 'packages/core',
    });
  });

  it('treats node_modules as installed only when a lockfile can list it', () => {
    expect(classifyPackageDir(path.join(ws, 'node_modules', '@nx-handoff', 'core'), ws, true)).toEqual({
      mode: 'installed',
    });
    expect(classifyPackageDir(path.join(ws, 'node_modules', '@nx-handoff', 'core'), ws, false)).toEqual({
      mode: 'linked',
    });
  });

  it('treats a folder outside the workspace or an unresolvable package as linked', () => {
    expect(classifyPackageDir(path.resolve('/elsewhere/core'), ws, true)).toEqual({ mode: 'linked' });
    expect(classifyPackageDir(undefined, ws, true)).toEqual({ mode: 'linked' });
  });
});

describe('buildImplementationInputs', () => {
  it('hashes sources (without specs) and keeps templates out of the pin inputs', () => {
    const inputs = buildImplementationInputs({
      core: { mode: 'source', dir: 'packages/handoff-core' },
      templates: { mode: 'source', dir: 'packages/templates' },
      plugin: { mode: 'source', dir: 'packages/nx-handoff' },
    });
    expect(inputs.full).toContain('{workspaceRoot}/packages/templates/src/**/*');
    expect(inputs.full).toContain('!{workspaceRoot}/packages/templates/src/**/*.spec.ts');
    expect(inputs.full).toContain('{workspaceRoot}/packages/nx-handoff/src/executors/**/*');
    expect(inputs.pin).toContain('{workspaceRoot}/packages/handoff-core/src/**/*');
    expect(inputs.pin.some((i) => typeof i === 'string' && i.includes('packages/templates'))).toBe(false);
    expect(inputs.full).not.toContainEqual(VERSION_RUNTIME_INPUT);
  });

  it('uses externalDependencies plus the version for installed packages', () => {
    const installed = { mode: 'installed' } as const;
    const inputs = buildImplementationInputs({ core: installed, templates: installed, plugin: installed });
    expect(inputs.full).toEqual([
      { externalDependencies: ['@nx-handoff/core', '@nx-handoff/templates', 'nx-handoff'] },
      VERSION_RUNTIME_INPUT,
    ]);
    expect(inputs.pin).toEqual([{ externalDependencies: ['@nx-handoff/core', 'nx-handoff'] }, VERSION_RUNTIME_INPUT]);
  });

  it('falls back to the version alone for linked packages (no lockfile entry to hash)', () => {
    const linked = { mode: 'linked' } as const;
    expect(buildImplementationInputs({ core: linked, templates: linked, plugin: linked }).full).toEqual([
      VERSION_RUNTIME_INPUT,
    ]);
  });
});

describe('resolveImplementationInputs (real folders)', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'nx-handoff-impl-'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('sees packages symlinked into node_modules from workspace folders as source (npm workspaces)', () => {
    for (const [name, dir] of [
      ['@nx-handoff/core', 'packages/core'],
      ['@nx-handoff/templates', 'packages/templates'],
      ['nx-handoff', 'packages/plugin'],
    ]) {
      mkdirSync(path.join(ws, dir), { recursive: true });
      writeFileSync(path.join(ws, dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
      mkdirSync(path.dirname(path.join(ws, 'node_modules', name)), { recursive: true });
      symlinkSync(path.join(ws, dir), path.join(ws, 'node_modules', name), 'dir');
    }
    const inputs = resolveImplementationInputs(ws);
    expect(inputs.full).toContain('{workspaceRoot}/packages/core/src/**/*');
    expect(inputs.full).toContain('{workspaceRoot}/packages/templates/src/**/*');
    expect(inputs.full).toContain('{workspaceRoot}/packages/plugin/src/executors/**/*');
  });

  it('uses the installed versions when the packages are real folders under node_modules with a lockfile', () => {
    for (const name of ['@nx-handoff/core', '@nx-handoff/templates', 'nx-handoff']) {
      mkdirSync(path.join(ws, 'node_modules', name), { recursive: true });
      writeFileSync(path.join(ws, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
    }
    writeFileSync(path.join(ws, 'package-lock.json'), '{}');
    const inputs = resolveImplementationInputs(ws);
    expect(inputs.full).toEqual([
      { externalDependencies: ['@nx-handoff/core', '@nx-handoff/templates', 'nx-handoff'] },
      VERSION_RUNTIME_INPUT,
    ]);
  });
});

describe('handoffInputs (runtime commands)', () => {
  const runtimes = (inputs: readonly unknown[]) =>
    inputs.flatMap((i) =>
      typeof i === 'object' && i !== null && 'runtime' in i ? [(i as { runtime: string }).runtime] : [],
    );

  it('from sources: only the zip-making targets depend on zlib; check and pin run no command', () => {
    const source = buildImplementationInputs({
      core: { mode: 'source', dir: 'packages/handoff-core' },
      templates: { mode: 'source', dir: 'packages/templates' },
      plugin: { mode: 'source', dir: 'packages/nx-handoff' },
    });
    const t = handoffInputs(source);
    expect(runtimes(t.full)).toEqual([(ZLIB_INPUT as { runtime: string }).runtime]);
    expect(runtimes(t.check)).toEqual([]);
    expect(runtimes(t.pin)).toEqual([]);
  });

  it('installed or linked: one command for every target, printing zlib and the plugin version', () => {
    const linked = { mode: 'linked' } as const;
    const t = handoffInputs(buildImplementationInputs({ core: linked, templates: linked, plugin: linked }));
    const all = new Set([...runtimes(t.full), ...runtimes(t.check), ...runtimes(t.pin)]);
    expect([...all]).toEqual([(VERSION_RUNTIME_INPUT as { runtime: string }).runtime]);
    expect([...all][0]).toMatch(/process\.versions\.zlib.*nx-handoff\/package\.json/);
    expect(runtimes(t.full)).toHaveLength(1);
  });
});
