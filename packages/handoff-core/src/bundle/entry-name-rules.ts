/**
 * Rules for names inside a bundle, shared by the writer (package) and the reader (verify) so that
 * whatever `package` accepts, the cold test accepts too, and the other way round.
 *
 * A name is a POSIX path relative to the bundle root (or the zip root), `/`-separated.
 */

/** Why `name` is unsafe as a relative path, or undefined when it is fine. `name` has no trailing `/`. */
export function checkEntryName(name: string): string | undefined {
  if (name === '') return 'has an empty name';
  if (name.includes('\\')) return 'contains a backslash (a Windows path separator)';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  // archiver strips such a prefix from entry names, so the zip would not say what was planned.
  if (/^\w+:/.test(name)) return 'starts with a `prefix:` that zip tools strip';
  for (const segment of name.split('/')) {
    if (segment === '') return 'has an empty path segment (`//` or a trailing `/`)';
    if (segment === '..') return 'has a `..` segment (points outside the folder)';
    if (segment === '.') return 'has a `.` segment';
  }
  return undefined;
}

export interface NameConflict {
  name: string;
  /** The earlier name it collides with. */
  other: string;
  reason: string;
}

/** Key under which two names land on the same file of a case-insensitive, normalising filesystem. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function parentFolders(name: string): string[] {
  const parts = name.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

function duplicateReason(name: string, other: string): string {
  if (name === other) return 'duplicate name';
  if (name.normalize('NFC') === other.normalize('NFC')) return 'same name after Unicode NFC normalisation';
  return 'differs only by letter case (one file on case-insensitive filesystems)';
}

/**
 * Names that would overwrite each other when extracted: exact duplicates, duplicates after NFC
 * normalisation or case folding, and a file where another name needs a folder (or the reverse).
 * `folders` are explicit folder entries (zip directory entries), without their trailing `/`.
 */
export function findNameConflicts(files: readonly string[], folders: readonly string[] = []): NameConflict[] {
  const fileKeys = new Map<string, string>();
  const folderKeys = new Map<string, string>();
  const conflicts: NameConflict[] = [];
  const addFolder = (folder: string, neededBy: string): void => {
    const key = foldName(folder);
    const file = fileKeys.get(key);
    if (file !== undefined)
      conflicts.push({ name: neededBy, other: file, reason: `needs \`${folder}\` to be a folder but it is a file` });
    if (!folderKeys.has(key)) folderKeys.set(key, neededBy);
  };
  for (const folder of folders) {
    for (const parent of parentFolders(folder)) addFolder(parent, folder);
    addFolder(folder, folder);
  }
  for (const name of files) {
    const key = foldName(name);
    const earlier = fileKeys.get(key);
    if (earlier !== undefined) {
      conflicts.push({ name, other: earlier, reason: duplicateReason(name, earlier) });
      continue;
    }
    const folderUser = folderKeys.get(key);
    if (folderUser !== undefined) {
      conflicts.push({ name, other: folderUser, reason: `is a file but \`${folderUser}\` needs it to be a folder` });
    }
    fileKeys.set(key, name);
    for (const parent of parentFolders(name)) addFolder(parent, name);
  }
  return conflicts;
}

/** Plain UTF-16 code-unit order (one definition, in fs/safe-path.ts). */
export { compareCodeUnits } from '../fs/safe-path';
