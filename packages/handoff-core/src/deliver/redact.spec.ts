import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('masks credential values from the environment and signed-URL parts', () => {
    const env = { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG', HANDOFF_SFTP_PASSWORD: 'hunter22' };
    const text =
      'bad key wJalrXUtnFEMI/K7MDENG at https://h/b/k?X-Amz-Credential=AKIA1%2F2026&X-Amz-Signature=abc123&x=1 pw hunter22';
    const out = redactSecrets(text, env);
    expect(out).not.toMatch(/wJalrXUtnFEMI|abc123|hunter22|AKIA1/);
    expect(out).toContain('X-Amz-Signature=[redacted]&x=1');
  });

  it('masks private keys', () => {
    expect(
      redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n-----END OPENSSH PRIVATE KEY-----', {}),
    ).not.toContain('b3BlbnNzaA');
  });
});
