import { AppError } from '../errors/index.ts';

/** How the `csp` tool reaches the CSP API: through the cell's broker socket, or directly. */
export type CspConnection =
  | {
      kind: 'broker';
      socketPath: string;
      /** The model's tool call this run serves (`SUPPLIER_AGENT_TOOL_USE`), sent as a header. */
      toolUseId?: string;
    }
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
 * Name of the variable the agent loop sets to the model's tool-call id when it runs `csp`: every
 * request of that run carries it (header `x-agent-tool-use`), so the audit log ties API requests to
 * the tool call that made them, and a re-run can pair parallel tool calls' requests deterministically.
 */
export const toolUseVariable = 'SUPPLIER_AGENT_TOOL_USE';

/** The header that carries it; the broker records it and never forwards it upstream. */
export const toolUseHeader = 'x-agent-tool-use';

const toolUseIdPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

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
  if (socketPath) {
    const toolUseId = env[toolUseVariable];
    return {
      kind: 'broker',
      socketPath,
      ...(toolUseId !== undefined && toolUseIdPattern.test(toolUseId) ? { toolUseId } : {}),
    };
  }
  throw new AppError(
    'usage',
    `No CSP API to talk to: pass --api-url URL with --token TOKEN (or --client-id/--client-secret), or run inside a cell where ${brokerSocketVariable} is set.`,
  );
}
