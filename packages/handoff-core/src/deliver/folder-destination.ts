import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { sha256File } from '../bundle/sha256-file';
import { destinationName, type FolderDestination } from '../config/deliver-schema';
import { differentFileError, shaFileText, type DeliveryPayload, type DestinationDriver } from './destination';

/** `~/x` -> home, relative -> workspace root. */
export function resolveFolder(p: string, workspaceRoot: string, home = os.homedir()): string {
  if (p === '~' || p.startsWith('~/')) return path.join(home, p.slice(1));
  return path.resolve(workspaceRoot, p);
}

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Copy to a folder (local disk or a mounted share): temp name, sha256 of the copy, then rename. */
export function folderDriver(dest: FolderDestination, workspaceRoot: string): DestinationDriver {
  const name = destinationName(dest);
  const dir = resolveFolder(dest.path, workspaceRoot);
  const target = (p: DeliveryPayload) => path.join(dir, p.zipName);
  const locate = (p: DeliveryPayload) => ({ type: 'folder' as const, name, path: target(p) });
  return {
    name,
    locate,
    async recorded(p) {
      return { destination: locate(p), where: target(p), reused: true, verified: 'recorded in the ledger' };
    },
    async deliver(p, ctx) {
      if (!(await isDir(dir))) {
        if (!dest.createFolder) {
          throw new HandoffError({
            code: 'IO',
            file: dir,
            field: `deliver destination "${name}"`,
            message: 'the destination folder does not exist',
            hint: 'mount the share or create the folder, or set "createFolder": true on the destination',
          });
        }
        await fs.mkdir(dir, { recursive: true });
      }
      const zip = target(p);
      const receipt = { destination: locate(p), where: zip, verified: 'sha256 of the copy' };
      if (
        await fs.stat(zip).then(
          () => true,
          () => false,
        )
      ) {
        if ((await sha256File(zip)) === p.sha256) {
          await writeFileAtomic(`${zip}.sha256`, shaFileText(p));
          return { ...receipt, reused: true };
        }
        if (!ctx.force) throw differentFileError(zip, name);
      }
      const temp = path.join(dir, `.${p.zipName}.partial`);
      try {
        await fs.copyFile(p.zipPath, temp);
        const copied = await sha256File(temp);
        if (copied !== p.sha256)
          throw new HandoffError({
            code: 'INTEGRITY',
            file: temp,
            message: `the copy reads back as sha256 ${copied}, expected ${p.sha256}`,
            hint: 'check the disk or share, then deliver again',
          });
        await fs.rename(temp, zip);
      } finally {
        await fs.rm(temp, { force: true });
      }
      await writeFileAtomic(`${zip}.sha256`, shaFileText(p));
      return { ...receipt, reused: false };
    },
  };
}
