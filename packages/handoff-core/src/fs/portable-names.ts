/**
 * Names every receiving team can extract: what Windows (Explorer, 7-Zip, unzip on NTFS) cannot
 * create. A leaf: `handoff-check` reports them before anything is packaged.
 */

/** Longest bundle path (top folder included) accepted: leaves room for the folder it is extracted into under MAX_PATH (260). */
export const MAX_PORTABLE_PATH = 240;

const RESERVED = /^(con|prn|aux|nul|com[1-9\u00b9\u00b2\u00b3]|lpt[1-9\u00b9\u00b2\u00b3])$/i;

const FORBIDDEN = /[<>:"|?*\u0000-\u001f]/;

/** Why one path segment cannot be created on Windows, or undefined. */
function segmentProblem(segment: string): string | undefined {
  const stem = segment.split('.')[0].replace(/[ ]+$/, '');
  if (RESERVED.test(stem))
    return `"${segment}" is a reserved device name on Windows (${stem.toUpperCase()}, whatever the extension)`;
  const bad = FORBIDDEN.exec(segment);
  if (bad) {
    const ch =
      bad[0].charCodeAt(0) < 0x20
        ? `control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`
        : `"${bad[0]}"`;
    return `"${segment}" contains ${ch}, which Windows does not allow in file names`;
  }
  if (/[. ]$/.test(segment))
    return `"${segment}" ends with a ${segment.endsWith('.') ? 'dot' : 'space'}, which Windows drops or refuses`;
  return undefined;
}

/** Why `bundlePath` (POSIX, top folder included) cannot be extracted on Windows, or undefined. */
export function windowsNameProblem(bundlePath: string): string | undefined {
  for (const segment of bundlePath.split('/')) {
    const p = segmentProblem(segment);
    if (p) return p;
  }
  if (bundlePath.length > MAX_PORTABLE_PATH) {
    return `its path inside the bundle is ${bundlePath.length} characters long, over ${MAX_PORTABLE_PATH}: Windows tools fail on long paths`;
  }
  return undefined;
}

/** The fix for a name Windows cannot create. */
export const WINDOWS_NAME_HINT =
  'rename the file (or its folder): no CON/PRN/AUX/NUL/COM1-9/LPT1-9 names, none of <>:"|?* or control characters, no trailing dot or space, and a bundle path under 240 characters';
