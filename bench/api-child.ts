import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const supplierAgent = fileURLToPath(new URL('../bin/supplier-agent', import.meta.url));

export interface ApiChild {
  url: string;
  stop(): Promise<void>;
}

export interface TenantCredentials {
  id: string;
  clientId: string;
  clientSecret: string;
}

/** A `supplier-agent` command started in its own process and listening. */
export interface ListeningChild extends ApiChild {
  child: ChildProcess;
}

/**
 * Starts `supplier-agent ARGS` in its own process (so the load generator does not share its event
 * loop) and resolves once it prints `listening on URL`. `stop` sends SIGTERM, then SIGKILL after
 * `stopGraceMs` (a graceful shutdown may take a while).
 */
export function startListeningChild(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stopGraceMs?: number } = {},
): Promise<ListeningChild> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const name = args[0] ?? 'supplier-agent';
  const child = spawn(process.execPath, [supplierAgent, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms: ${errors}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${errors}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: match[1]!, child, stop: () => stopChild(child, options.stopGraceMs ?? 5_000) });
    });
  });
}

/** `supplier-agent csp-api` on a free port, without rate limits. */
export function startApiChild(dataDir: string, timeoutMs = 30_000): Promise<ApiChild> {
  return startListeningChild(['csp-api', '--port', '0', '--data-dir', dataDir, '--rate-limit', 'off'], {
    timeoutMs,
  });
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `supplier-agent tenants --json` on the same data dir: each tenant's client credentials. */
export function tenantCredentials(dataDir: string): Promise<TenantCredentials[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [supplierAgent, 'tenants', '--json', '--data-dir', dataDir],
      (error, stdout, stderr) => {
        if (error) reject(new Error(`supplier-agent tenants failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as TenantCredentials[]);
      },
    );
  });
}

/** A client-credentials access token for one tenant. */
export async function fetchToken(url: string, tenant: TenantCredentials): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token request failed with ${response.status}`);
  return body.access_token;
}
