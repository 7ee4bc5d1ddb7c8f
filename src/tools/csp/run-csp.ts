import { readFile as readFileFromDisk } from 'node:fs/promises';
import { type CspConnectionFlags, resolveCspConnection } from '../../config/index.ts';
import { isAppError } from '../../errors/index.ts';
import { createCspClient } from './api-client.ts';
import { ApiReplyError, errorReport, isSuccess } from './api-reply.ts';
import { type BuildContext, describeOperation } from './command-types.ts';
import { parseCspArgv } from './parse-argv.ts';

export interface CspRunOptions {
  /** Where the connection settings come from (`CSP_API_URL`, `SUPPLIER_AGENT_BROKER`...). Default: none. */
  env?: NodeJS.ProcessEnv;
  /** Reads `--file` arguments. Default: the local file system. */
  readFile?: (path: string) => Promise<string>;
  /** Waits between 429 retries. Default: a timer. */
  sleep?: (milliseconds: number) => Promise<void>;
}

export interface CspRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Exit statuses: 0 ok, 1 the API refused, 2 the command line is wrong, 3 the API could not be reached. */
export const cspExitCodes = { ok: 0, apiError: 1, usage: 2, network: 3 } as const;

const readUtf8 = (path: string) => readFileFromDisk(path, 'utf8');

/**
 * Runs one `csp` command line in process and returns what it would print and its exit status.
 * Touches no process state, so an agent loop can call it for every tool call.
 */
export async function runCsp(argv: string[], options: CspRunOptions = {}): Promise<CspRunResult> {
  const parsed = parseCspArgv(argv);
  if (parsed.kind === 'help') return { exitCode: cspExitCodes.ok, stdout: parsed.text, stderr: '' };
  if (parsed.kind === 'usage-error') return usageResult(parsed.message, parsed.hint);
  const { command } = parsed;
  try {
    const connection = resolveCspConnection(parsed.connection, connectionEnv(parsed.connection, options.env));
    const client = createCspClient({ connection, ...(options.sleep ? { sleep: options.sleep } : {}) });
    const context: BuildContext = {
      readFile: options.readFile ?? readUtf8,
      async lookup(request) {
        const reply = await client.send(request);
        if (!isSuccess(reply)) throw new ApiReplyError(reply);
        return reply.body;
      },
    };
    const request = await command.build(parsed.input, context);
    if (!command.operations.includes(request.operation)) {
      throw new Error(
        `csp ${command.path.join(' ')} built an undeclared request: ${describeOperation(request.operation)}`,
      );
    }
    const reply = await client.send(
      request,
      parsed.idempotencyKey === undefined ? {} : { idempotencyKey: parsed.idempotencyKey },
    );
    if (!isSuccess(reply)) return apiErrorResult(reply);
    return { exitCode: cspExitCodes.ok, stdout: `${JSON.stringify(reply.body, null, 2)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof ApiReplyError) return apiErrorResult(error.reply);
    if (isAppError(error) && error.code === 'usage') {
      return usageResult(error.message, `Run 'csp ${command.path.join(' ')} --help' for usage.`);
    }
    if (isAppError(error) && error.code === 'unavailable') {
      return { exitCode: cspExitCodes.network, stdout: '', stderr: `csp: ${error.message}\n` };
    }
    return { exitCode: cspExitCodes.apiError, stdout: '', stderr: `csp: ${(error as Error).message}\n` };
  }
}

/**
 * Client credentials given as flags beat a `CSP_TOKEN` from the environment: flags always win,
 * and the resolver would otherwise pair the flags' client with the environment's token.
 */
function connectionEnv(flags: CspConnectionFlags, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  if (flags.clientId === undefined || flags.token !== undefined) return env;
  const { CSP_TOKEN: _ignored, ...rest } = env;
  return rest;
}

function usageResult(message: string, hint: string): CspRunResult {
  return { exitCode: cspExitCodes.usage, stdout: '', stderr: `csp: ${message}\n${hint}\n` };
}

function apiErrorResult(reply: { status: number; body: unknown }): CspRunResult {
  return { exitCode: cspExitCodes.apiError, stdout: '', stderr: `${JSON.stringify(errorReport(reply))}\n` };
}
