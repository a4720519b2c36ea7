import { z } from 'zod';

/**
 * The `deliver` section of handoff.json (and the version fields `changelog` and `repin`). Light:
 * zod only. handoff.json is committed, so it holds locations, never credentials: a secret-looking
 * field is refused with the place credentials come from instead.
 */

const SECRET_KEY_RE = /pass(word|phrase|wd)?|secret|token|credential|private.?key|access.?key|api.?key|session|auth/i;

export const CREDENTIALS_HINT =
  'credentials never go in handoff.json (it is committed): S3 uses the AWS default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws); ' +
  'SFTP uses HANDOFF_SFTP_KEY (path to a private key, with HANDOFF_SFTP_PASSPHRASE), an ssh-agent (SSH_AUTH_SOCK) or HANDOFF_SFTP_PASSWORD';

/** A strict object whose unknown secret-looking keys get a message saying where credentials go. */
function strictNoSecrets<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code !== 'unrecognized_keys') return undefined;
      const secret = iss.keys.filter((k) => SECRET_KEY_RE.test(k));
      if (!secret.length) return undefined;
      return `${secret.map((k) => `"${k}"`).join(', ')} looks like a credential: ${CREDENTIALS_HINT}`;
    },
  });
}

const noUserInfo = (url: string) => {
  try {
    const u = new URL(url);
    return !u.username && !u.password;
  } catch {
    return false;
  }
};

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case')
  .optional()
  .describe('Destination name (kebab-case) for --destination and the ledger; defaults to the type.');

const createFolder = z
  .boolean()
  .default(false)
  .describe(
    'Create the destination folder when missing. Off by default, so an unmounted share is an error, not a local folder.',
  );

export const folderDestinationSchema = strictNoSecrets({
  type: z.literal('folder').describe('A folder on this machine or a mounted share.'),
  name,
  path: z
    .string()
    .min(1)
    .describe(
      'Folder to copy the zip and its .sha256 into: absolute, ~/..., or relative to the workspace root (a mounted share works).',
    ),
  createFolder,
}).describe('Copy to a folder on this machine or a mounted share.');

export const s3DestinationSchema = strictNoSecrets({
  type: z.literal('s3').describe('S3 or an S3-compatible object store.'),
  name,
  bucket: z.string().min(3).describe('Bucket name.'),
  prefix: z.string().default('').describe('Key prefix, e.g. "handoffs/acme/"; the object key is <prefix><zip name>.'),
  region: z.string().optional().describe("Region; defaults to AWS_REGION or the profile's region."),
  endpoint: z
    .string()
    .refine(noUserInfo, 'expected an http(s) URL without user:password')
    .optional()
    .describe('Endpoint of an S3-compatible service (MinIO, R2...); omit for AWS.'),
  forcePathStyle: z
    .boolean()
    .default(false)
    .describe('Path-style URLs (bucket in the path), needed by most S3-compatible services.'),
  profile: z
    .string()
    .optional()
    .describe('Named profile from ~/.aws (a name, not a secret); defaults to AWS_PROFILE or "default".'),
  partSizeMiB: z.number().int().min(5).max(5120).default(16).describe('Multipart upload part size in MiB (5 or more).'),
  shareLink: z
    .object({
      enabled: z.boolean().default(true).describe('Create a presigned download link for the brief.'),
      expiresInHours: z
        .number()
        .int()
        .min(1)
        .max(168)
        .default(168)
        .describe('Link lifetime in hours (at most 168 = 7 days, the SigV4 limit).'),
    })
    .strict()
    .prefault({})
    .describe('Presigned share link.'),
}).describe('Upload to S3 or an S3-compatible object store (multipart, checksum-verified).');

export const sftpDestinationSchema = strictNoSecrets({
  type: z.literal('sftp').describe('An SFTP server.'),
  name,
  host: z.string().min(1).describe('SFTP host name or address.'),
  port: z.number().int().min(1).max(65535).default(22).describe('SSH port.'),
  username: z.string().optional().describe('Login name; defaults to HANDOFF_SFTP_USER.'),
  path: z.string().min(1).describe('Remote folder to upload the zip and its .sha256 into.'),
  hostKey: z
    .string()
    .regex(
      /^SHA256:[A-Za-z0-9+/]{43}=?$/,
      'expected an OpenSSH fingerprint "SHA256:..." (ssh-keygen -lf <host key>, or ssh-keyscan <host> | ssh-keygen -lf -)',
    )
    .describe('Host key fingerprint "SHA256:..." the server must present (public, not a secret).'),
  createFolder,
}).describe('Upload over SFTP (to a temporary name, verified, then renamed).');

export const destinationSchema = z.discriminatedUnion('type', [
  folderDestinationSchema,
  s3DestinationSchema,
  sftpDestinationSchema,
]);

export const deliverConfigSchema = strictNoSecrets({
  destinations: z.array(destinationSchema).default([]).describe('Where handoff-deliver sends the bundle.'),
})
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.destinations.forEach((d, i) => {
      const id = destinationName(d);
      if (seen.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['destinations', i, 'name'],
          message: `two destinations are named "${id}": give each a unique "name"`,
        });
      seen.add(id);
    });
  })
  .describe(
    'Delivery of the bundle (nx run <client>:handoff-deliver). Credentials come from the environment, never from this file.',
  );

export const changelogNotesSchema = z
  .array(z.string().min(1))
  .default([])
  .describe("Notes for this version's CHANGELOG entry, after the computed changes. handoff-bump empties it.");

export const repinSchema = z
  .union([z.boolean(), z.array(z.string().min(1))])
  .default(false)
  .describe(
    'Resolve models afresh for this version (true, or the model names to re-pin) instead of carrying the pins of the last delivered version. handoff-bump --repin sets it.',
  );

export type DeliverConfig = z.infer<typeof deliverConfigSchema>;
export type Destination = z.infer<typeof destinationSchema>;
export type FolderDestination = z.infer<typeof folderDestinationSchema>;
export type S3Destination = z.infer<typeof s3DestinationSchema>;
export type SftpDestination = z.infer<typeof sftpDestinationSchema>;

/** The name a destination goes by: its `name`, else its type. */
export function destinationName(d: Destination): string {
  return d.name ?? d.type;
}
