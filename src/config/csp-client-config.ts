import { AppError } from '../errors/index.ts';

/** How the `csp` tool reaches the CSP API: through the cell's broker socket, or directly. */
export type CspConnection =
  | { kind: 'broker'; socketPath: string }
  | {
      kind: 'direct';
      apiUrl: string;
      token?: string | undefined;
      clientId?: string | undefined;
      clientSecret?: string | undefined;
    };

export interface CspConnectionFlags {
  apiUrl?: string | undefined;
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** Name of the variable that holds the broker socket path inside a cell. */
export const brokerSocketVariable = 'SUPPLIER_AGENT_BROKER';

/**
 * Flags win; then `CSP_API_URL` / `CSP_TOKEN` / `CSP_CLIENT_ID` / `CSP_CLIENT_SECRET`; then the broker
 * socket (inside a cell). A cell never holds credentials, so the broker form takes none.
 */
export function resolveCspConnection(
  flags: CspConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): CspConnection {
  const apiUrl = flags.apiUrl ?? env.CSP_API_URL;
  if (apiUrl !== undefined) {
    return {
      kind: 'direct',
      apiUrl,
      token: flags.token ?? env.CSP_TOKEN,
      clientId: flags.clientId ?? env.CSP_CLIENT_ID,
      clientSecret: flags.clientSecret ?? env.CSP_CLIENT_SECRET,
    };
  }
  const socketPath = env[brokerSocketVariable];
  if (socketPath) return { kind: 'broker', socketPath };
  throw new AppError(
    'usage',
    `No CSP API to talk to: pass --api-url URL with --token TOKEN (or --client-id/--client-secret), or run inside a cell where ${brokerSocketVariable} is set.`,
  );
}
