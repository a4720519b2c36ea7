import { createHash } from 'node:crypto';
import { noise } from './image-metadata/fixtures/stream-helpers';
import { findCredentials, looksRandom } from './secrets';

// Fake credentials are assembled at run time so this file holds no literal token (secret scanners,
// push protection) and no real secret ever.
const rnd = (
  n: number,
  seed: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
): string => [...noise(n, seed)].map((b) => alphabet[b % alphabet.length]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const CAUGHT: Array<[string, string]> = [
  ['private-key', `-----BEGIN ${'RSA '}PRIVATE KEY-----`],
  ['private-key', `-----BEGIN ${'OPENSSH '}PRIVATE KEY-----`],
  ['private-key', `-----BEGIN PGP PRIVATE KEY BLOCK-----`],
  ['aws-access-key-id', `"aws_access_key_id": "${'AK'}IA${rnd(16, 1, UPPER)}"`],
  ['aws-secret-access-key', `aws_secret_access_key = ${rnd(40, 2)}`],
  ['github-token', `token: ${'gh'}p_${rnd(36, 3)}`],
  ['github-token', `${'github'}_pat_${rnd(22, 4)}_${rnd(59, 5)}`],
  ['slack-token', `SLACK=${'xo'}xb-${rnd(11, 6, '0123456789')}-${rnd(24, 7)}`],
  ['google-api-key', `key=${'AI'}za${rnd(35, 8)}`],
  ['api-key', `OPENAI_API_KEY=${'sk'}-proj-${rnd(48, 9)}`],
  ['api-key', `"anthropic": "${'sk'}-ant-api03-${rnd(40, 10)}"`],
  ['stripe-key', `${'sk'}_live_${rnd(24, 11)}`],
  ['huggingface-token', `HF_TOKEN ${'hf'}_${rnd(34, 12, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`],
  ['replicate-token', `${'r8'}_${rnd(37, 13)}`],
  ['jwt', `id_token: ${'ey'}J${rnd(20, 14)}.${'ey'}J${rnd(40, 15)}.${rnd(43, 16)}`],
  ['bearer-token', `curl -H "Authorization: ${'Bearer'} ${rnd(32, 17)}"`],
  ['basic-auth', `Authorization: Basic ${Buffer.from(`admin:${rnd(12, 18)}`).toString('base64')}`],
  ['url-credentials', `DATABASE_URL=postgres://render:${rnd(16, 19)}@db.internal:5432/app`],
  ['secret-assignment', `password=${'Tr0ub4dor'}&3x`],
  ['secret-assignment', `  "client_secret": "${rnd(30, 20)}",`],
];

describe('findCredentials', () => {
  it.each(CAUGHT)('finds a %s and reports kind and line, never the value', (kind, line) => {
    const text = `# config\n\nfirst line\n${line}\nlast line\n`;
    const hits = findCredentials(text);
    expect(hits).toEqual([{ kind, line: 4 }]);
    const secretPart = line.slice(-12);
    expect(JSON.stringify(hits)).not.toContain(secretPart);
  });

  it('reports every credential of a multi-line file on its own line', () => {
    const text = CAUGHT.map(([, l]) => l).join('\n');
    const hits = findCredentials(text);
    expect(hits.map((h) => h.line)).toEqual(CAUGHT.map((_, i) => i + 1));
  });

  it('leaves prose, prompt libraries, checksums, hashes and base64 image data alone', () => {
    const prose = [
      'Ask your admin for an API key; never paste a password into a prompt.',
      'Log in with `gen-ai login`: the CLI stores a bearer token for you. Bearer <token> in examples.',
      'Our secret: the brand secret sauce is warmth. Password: see the 1Password vault.',
      'SK-II skincare look, desk-lamp glow, task-based shots, sk-ii-facial-treatment-essence-style.',
    ].join('\n');
    const library = JSON.stringify(
      {
        jobs: Array.from({ length: 40 }, (_, i) => ({
          id: `hero-${i}`,
          model: 'recraft@4.1.0',
          seed: 1000 + i,
          prompt: 'a teal wave, token-gated membership card, high-key lighting',
          params: { max_tokens: 4096, token_count: 77, guidance: 3.5 },
          tags: ['hero', 'social'],
          sha256: createHash('sha256').update(String(i)).digest('hex'),
          uuid: '3f2a9c1e-7b4d-4e1a-9f0c-2d8b6a5e4c31',
          commit: createHash('sha1').update(String(i)).digest('hex'),
        })),
      },
      null,
      2,
    );
    const checksums = Array.from(
      { length: 300 },
      (_, i) => `${createHash('sha256').update(`f${i}`).digest('hex')}  assets/campaign-${i}/hero_${i}.png`,
    ).join('\n');
    const image = noise(600_000, 42).toString('base64');
    const withImages = `{"thumbnail":"data:image/png;base64,${image}","raw":"${image.slice(0, 200_000)}"}\n${image.slice(200_000).replace(/(.{76})/g, '$1\n')}`;
    const placeholders = [
      'api_key: "<your-api-key>"',
      'password: ${DB_PASSWORD}',
      'token=xxxxxxxxxxxxxxxx',
      'OPENAI_API_KEY=sk-...',
      'api_key=os.environ["API_KEY"]',
      `aws_access_key_id = ${'AK'}IAIOSFODNN7EXAMPLE`,
      'password=changeme',
      'secret_sauce: oat-milk-foam',
      'access_token: 1234567890123',
    ].join('\n');
    for (const text of [prose, library, checksums, withImages, placeholders]) expect(findCredentials(text)).toEqual([]);
  });

  it('judges values by randomness, not by length alone', () => {
    expect(looksRandom('Tr0ub4dor&3x')).toBe(true);
    expect(looksRandom('correct-horse-battery-staple')).toBe(false);
    expect(looksRandom('1234567890')).toBe(false);
    expect(looksRandom('<redacted>')).toBe(false);
    expect(looksRandom('aaaaaaaa1')).toBe(false);
  });
});
