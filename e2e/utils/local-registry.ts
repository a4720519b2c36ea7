/**
 * A real npm registry for install tests: Verdaccio (from this repo's devDependencies) on
 * 127.0.0.1, its storage in a temp folder, our packages published to it and everything else
 * proxied from the registry npm is configured with. `stop()` kills it and removes the folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './workspace';

const OUR_PACKAGES = ['nx-handoff', '@nx-handoff/*'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function upstreamRegistry(): string {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  const url = (r.stdout ?? '').trim();
  return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
}

function verdaccioConfig(storage: string, upstream: string): string {
  const ours = OUR_PACKAGES.map((p) => `  '${p}':\n    access: $all\n    publish: $all\n    unpublish: $all\n`).join(
    '',
  );
  return [
    `storage: ${JSON.stringify(storage)}`,
    'uplinks:',
    '  upstream:',
    `    url: ${JSON.stringify(upstream)}`,
    '    timeout: 120s',
    '    max_fails: 10',
    'packages:',
    ours.trimEnd(),
    "  '**':",
    '    access: $all',
    '    publish: $all',
    '    proxy: upstream',
    'log: { type: stdout, format: pretty, level: warn }',
    'server: { keepAliveTimeout: 60 }',
    '',
  ].join('\n');
}

/** GET without keep-alive, so no socket outlives the test. */
function ping(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2_000, () => req.destroy());
  });
}

async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log()}`);
    if (await ping(`${url}-/ping`)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`verdaccio did not answer at ${url} within 60 s:\n${log()}`);
}

export class LocalRegistry {
  private constructor(
    readonly url: string,
    /** A user config (`npm_config_userconfig`) pointing npm and pnpm at this registry with a token. */
    readonly npmrc: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(): Promise<LocalRegistry> {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'nx-handoff-registry-')));
    try {
      const storage = path.join(dir, 'storage');
      mkdirSync(storage);
      writeFileSync(path.join(dir, 'config.yaml'), verdaccioConfig(storage, upstreamRegistry()));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const npmrc = path.join(dir, '.npmrc');
      // Verdaccio lets anyone publish our packages (config above); npm still wants a token to send.
      writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=e2e-local-registry\n`);
      const bin = require.resolve('verdaccio/bin/verdaccio', { paths: [REPO_ROOT] });
      const child = spawn(
        process.execPath,
        [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
        {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-20_000)));
      child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-20_000)));
      const registry = new LocalRegistry(url, npmrc, dir, child);
      try {
        await waitForPing(url, child, () => output);
      } catch (err) {
        await registry.stop();
        throw err;
      }
      return registry;
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Environment for a child process (npm, pnpm, nx) that must install from this registry. */
  env(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return {
      ...base,
      npm_config_userconfig: this.npmrc,
      npm_config_registry: this.url,
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
