import * as path from 'node:path';
import { clientConfigSchema } from '../config/client-config';
import { parseAndValidate } from '../config/read-json';
import { isHandoffError } from '../errors';

const base = {
  client: 'Acme',
  engagement: 'e',
  version: 1,
  date: '2026-11-01',
  rights: { status: 'ok' },
  support: { contact: 'c' },
};
const file = path.resolve('/ws/clients/acme/handoff.json');

function problems(config: object): string[] {
  try {
    parseAndValidate(JSON.stringify(config, null, 2), file, clientConfigSchema, {
      jsonc: true,
      displayBase: path.resolve('/ws'),
    });
    return [];
  } catch (err) {
    if (!isHandoffError(err)) throw err;
    return err.problems.map((p) => `${p.field}: ${p.message}`);
  }
}

describe('deliver in handoff.json', () => {
  it('accepts folder, s3 and sftp destinations with defaults filled in', () => {
    const config = clientConfigSchema.parse({
      ...base,
      deliver: {
        destinations: [
          { type: 'folder', path: '/mnt/share/acme' },
          {
            type: 's3',
            bucket: 'client-handoffs',
            prefix: 'acme/',
            endpoint: 'http://127.0.0.1:9000',
            forcePathStyle: true,
          },
          { type: 'sftp', host: 'sftp.acme.example', path: '/incoming', hostKey: `SHA256:${'A'.repeat(43)}` },
        ],
      },
    });
    const [folder, s3, sftp] = config.deliver!.destinations;
    expect(folder).toMatchObject({ createFolder: false });
    expect(s3).toMatchObject({ partSizeMiB: 16, shareLink: { enabled: true, expiresInHours: 168 } });
    expect(sftp).toMatchObject({ port: 22 });
    expect(config.repin).toBe(false);
    expect(config.changelog).toEqual([]);
  });

  it.each([
    [{ type: 's3', bucket: 'b-1', secretAccessKey: 'x' }, '"secretAccessKey" looks like a credential'],
    [{ type: 's3', bucket: 'b-1', accessKeyId: 'x' }, '"accessKeyId" looks like a credential'],
    [
      { type: 'sftp', host: 'h', path: '/p', hostKey: `SHA256:${'A'.repeat(43)}`, password: 'x' },
      '"password" looks like a credential',
    ],
    [
      { type: 'sftp', host: 'h', path: '/p', hostKey: `SHA256:${'A'.repeat(43)}`, privateKey: 'x' },
      '"privateKey" looks like a credential',
    ],
  ])('refuses secret-looking fields and says where credentials go (%j)', (dest, message) => {
    const found = problems({ ...base, deliver: { destinations: [dest] } });
    expect(found.join('\n')).toContain(message);
    expect(found.join('\n')).toContain('AWS_ACCESS_KEY_ID');
  });

  it('refuses credentials inside an endpoint URL, duplicate names and a link beyond 7 days', () => {
    expect(
      problems({
        ...base,
        deliver: { destinations: [{ type: 's3', bucket: 'b-1', endpoint: 'https://key:secret@s3.example' }] },
      }).join('\n'),
    ).toContain('without user:password');
    expect(
      problems({
        ...base,
        deliver: {
          destinations: [
            { type: 'folder', path: 'a' },
            { type: 'folder', path: 'b' },
          ],
        },
      }).join('\n'),
    ).toContain('two destinations are named "folder"');
    expect(
      problems({
        ...base,
        deliver: { destinations: [{ type: 's3', bucket: 'b-1', shareLink: { expiresInHours: 200 } }] },
      }),
    ).toHaveLength(1);
  });

  it('takes repin as true or a list of model names', () => {
    expect(clientConfigSchema.parse({ ...base, repin: ['recraftv4'] }).repin).toEqual(['recraftv4']);
    expect(problems({ ...base, repin: 'yes' })).toHaveLength(1);
  });
});
