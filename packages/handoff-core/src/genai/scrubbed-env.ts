/**
 * A minimal, secret-free environment for running `gen-ai` "cold", as a client on a fresh machine
 * would: no API keys, no tokens, no logged-in session and a HOME that points at an empty directory.
 *
 * Designed as an allowlist, not a denylist: credentials hide under names nobody can enumerate
 * (`FOO_PAT`, `REPLICATE_API_KEY`, `HF_HUB_...`), and non-secret variables such as `XDG_CONFIG_HOME`,
 * `APPDATA` or `DOCKER_CONFIG` point the CLI back at the real, logged-in profile even after HOME is
 * swapped. Only what a process needs to start, find executables, format text and write temp files
 * passes; the deny patterns are applied on top as a second net (e.g. a stray `LC_AUTH_TOKEN`).
 */

/** Exact names (compared case-insensitively, as Windows does) that pass through. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  // Windows: without these, child processes cannot resolve executables, load system DLLs or
  // create temp files. They name system folders, not user data.
  'PATHEXT',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'TEMP',
  'TMP',
]);

/** Locale categories (`LC_ALL`, `LC_CTYPE`, ...). */
const ALLOWED_PREFIXES = ['LC_'];

/** Names that look like credentials; dropped even when allowlisted. */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|SESSION|COOKIE)/i;

/** Provider/tool prefixes whose variables configure accounts; dropped even when allowlisted. */
const SECRET_PREFIXES = [
  'AWS_',
  'AZURE_',
  'GOOGLE_',
  'GCP_',
  'GCLOUD_',
  'CLOUDSDK_',
  'GENAI_',
  'PICSART_',
  'OPENAI_',
  'ANTHROPIC_',
  'HF_',
  'HUGGINGFACE_',
  'REPLICATE_',
  'STABILITY_',
  'NPM_',
  'GITHUB_',
  'GH_',
];

function isAllowedName(name: string): boolean {
  const upper = name.toUpperCase();
  return ALLOWED_NAMES.has(upper) || ALLOWED_PREFIXES.some((p) => upper.startsWith(p));
}

function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME.test(upper) || SECRET_PREFIXES.some((p) => upper.startsWith(p));
}

/**
 * Keeps PATH, LANG/LANGUAGE/LC_*, TZ, TMPDIR (and the Windows system variables the OS needs),
 * drops everything else, and sets HOME and USERPROFILE to `home`. Pass the result as `env` with
 * `extendEnv: false` so the child sees nothing else.
 */
export function scrubbedEnv(base: NodeJS.ProcessEnv, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if (!isAllowedName(name) || isSecretName(name)) continue;
    env[name] = value;
  }
  env.HOME = home;
  env.USERPROFILE = home;
  return env;
}
