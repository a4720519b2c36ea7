import picomatch from 'picomatch';

/**
 * Files that never ship, whatever the config says: secrets, credentials and OS litter.
 * Matched against the client-relative path (dot files included). A leaf: the inventory drops
 * these before any other rule looks at them, the filter records why.
 */
export const NEVER_SHIP_GLOBS = [
  // environment files and keys
  '**/.env*',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.crt',
  '**/*.cer',
  '**/*.ppk',
  '**/*.jks',
  '**/*.keystore',
  '**/*.kdbx',
  '**/id_rsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.ssh/**',
  // credential stores of common tools
  '**/.npmrc',
  '**/.yarnrc*',
  '**/.pypirc',
  '**/.netrc',
  '**/.git-credentials',
  '**/.pgpass',
  '**/.htpasswd',
  '**/.docker/**',
  '**/.aws/**',
  '**/.azure/**',
  '**/.config/gcloud/**',
  '**/credentials',
  '**/credentials.json',
  '**/.gen-ai/**',
  '**/gen-ai*.token',
  '**/*.token',
  // version control and OS litter (AppleDouble files carry Finder tags and comments)
  '**/.git/**',
  '**/.gitignore',
  '**/.gitkeep',
  '**/.gitattributes',
  '**/.DS_Store',
  '**/._*',
  '**/.Spotlight-V100/**',
  '**/.fseventsd/**',
  '**/.Trashes/**',
  '**/Icon\r',
  '**/Thumbs.db',
  '**/desktop.ini',
  // nx-handoff's own bookkeeping: the media lock that stands in for the media in Nx's hashing
  '**/handoff.assets.lock.json',
  // metadata sidecars: generator prompts, reviewer names
  '**/*.xmp',
];

export type PathMatcher = (p: string) => boolean;

/** Case-insensitive glob matcher over client-relative POSIX paths, dot files included. */
export function globMatcher(globs: string[]): PathMatcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true, nocase: true });
}

/** The first glob of `globs` matching `p`. */
export function firstMatch(globs: string[], p: string): string | undefined {
  return globs.find((g) => picomatch.isMatch(p, g, { dot: true, nocase: true }));
}

export type NeverShipReason = { reason: 'secret-or-system-file' | 'excluded-folder'; detail: string };

/**
 * Why a file never ships by its path alone (junk, credentials, excluded folders), or undefined.
 * The matchers are compiled once; call the returned function per path.
 */
export function neverShipRule(excludeGlobs: string[]): (rel: string) => NeverShipReason | undefined {
  const secret = globMatcher(NEVER_SHIP_GLOBS);
  const excluded = globMatcher(excludeGlobs);
  return (rel) => {
    if (secret(rel)) return { reason: 'secret-or-system-file', detail: firstMatch(NEVER_SHIP_GLOBS, rel) ?? rel };
    if (excluded(rel)) return { reason: 'excluded-folder', detail: firstMatch(excludeGlobs, rel) ?? rel };
    return undefined;
  };
}
