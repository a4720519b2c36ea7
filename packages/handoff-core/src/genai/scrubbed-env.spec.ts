import { scrubbedEnv } from './scrubbed-env';

describe('scrubbedEnv', () => {
  const base: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: '/tmp/x',
    HOME: '/home/dev',
    USERPROFILE: 'C:\\Users\\dev',
    SystemRoot: 'C:\\Windows',
    GENAI_TOKEN: 't',
    GENAI_ENDPOINT: 'https://internal',
    OPENAI_API_KEY: 'k',
    ANTHROPIC_BASE_URL: 'u',
    AWS_PROFILE: 'prod',
    AZURE_CLIENT_ID: 'c',
    GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
    GCLOUD_PROJECT: 'p',
    PICSART_API_KEY: 'p',
    NPM_TOKEN: 'n',
    GITHUB_TOKEN: 'g',
    SSH_AUTH_SOCK: '/tmp/agent',
    DB_PASSWORD: 'x',
    LC_SESSION_COOKIE: 'c',
    XDG_CONFIG_HOME: '/home/dev/.config',
    APPDATA: 'C:\\Users\\dev\\AppData',
    HTTPS_PROXY: 'http://user:pass@proxy:3128',
    SOME_SERVICE_PAT: 'pat',
    UNDEF: undefined,
  };

  it('keeps only PATH, locale, TZ, TMPDIR and Windows system folders, with HOME/USERPROFILE set', () => {
    expect(scrubbedEnv(base, '/tmp/cold-home')).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      TMPDIR: '/tmp/x',
      SystemRoot: 'C:\\Windows',
      HOME: '/tmp/cold-home',
      USERPROFILE: '/tmp/cold-home',
    });
  });

  it('does not modify the base env', () => {
    const copy = { ...base };
    scrubbedEnv(base, '/tmp/cold-home');
    expect(base).toEqual(copy);
  });

  it('matches allowlisted names case-insensitively (Windows `Path`)', () => {
    expect(scrubbedEnv({ Path: 'C:\\bin', path_token: 'x' }, 'h')).toEqual({
      Path: 'C:\\bin',
      HOME: 'h',
      USERPROFILE: 'h',
    });
  });
});
