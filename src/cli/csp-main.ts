import { runCsp } from '../tools/csp/run-csp.ts';

/**
 * Process entry of `csp`: kept apart from `supplier-agent` so that a tool run loads only the
 * tool's own code (no server, no database driver).
 */
export async function runCspMain(argv: string[]): Promise<void> {
  const result = await runCsp(argv, { env: process.env });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
