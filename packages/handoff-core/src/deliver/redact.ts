/**
 * Error text from an SDK or a server may echo what it was given. Before a delivery error is shown,
 * the values of the credential variables and the signature parts of signed URLs are masked.
 */

export const SECRET_ENV_VARS = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'HANDOFF_SFTP_PASSWORD',
  'HANDOFF_SFTP_PASSPHRASE',
] as const;

const MASK = '[redacted]';

export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of SECRET_ENV_VARS) {
    const value = env[name];
    if (value && value.length >= 4) out = out.split(value).join(MASK);
  }
  return out
    .replace(/(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"']+/gi, `$1${MASK}`)
    .replace(/(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----)/g, `$1${MASK}$2`);
}
