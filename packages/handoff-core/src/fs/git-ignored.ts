import { spawn } from 'node:child_process';

/**
 * Which of `paths` (relative to `cwd`) git ignores, in one `git check-ignore --stdin` call. Empty
 * when `cwd` is not in a git work tree or git is not installed: there is nothing to disagree with.
 */
export function gitIgnoredPaths(cwd: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return Promise.resolve(new Set());
  return new Promise((resolve) => {
    const child = spawn('git', ['check-ignore', '-z', '--no-index', '--stdin'], {
      cwd,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve(new Set()));
    child.on('close', (code) => {
      // 0: some ignored, 1: none ignored, 128: not a git work tree.
      if (code !== 0) return resolve(new Set());
      resolve(new Set(Buffer.concat(out).toString('utf8').split('\0').filter(Boolean)));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(paths.join('\0') + '\0');
  });
}
