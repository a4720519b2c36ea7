/**
 * Test helper run as a child process: `node -r @swc-node/register run-package-child.ts <ws> <client>`.
 * Packages the client offline; exit 0 on success, 1 with the formatted error otherwise.
 */
import { createGenAiClient } from '../genai';
import { formatHandoffError } from '../errors';
import { runPackage } from '../pipeline';

const [workspaceRoot, clientRoot] = process.argv.slice(2);
runPackage({ workspaceRoot, clientRoot, genAi: createGenAiClient({ bin: '/nonexistent/gen-ai' }) }).then(
  (r) => console.log(`OK ${r.result.zipPath}`),
  (err) => {
    console.error(formatHandoffError(err));
    process.exit(1);
  },
);
