import {
  type CspApiHarness,
  type CspApiHarnessOptions,
  startCspApi,
} from '../../src/testing/csp-api-harness.ts';
import { type CspRunOptions, type CspRunResult, runCsp } from '../../src/tools/csp/run-csp.ts';

export interface CspTestKit {
  api: CspApiHarness;
  /** Runs `csp` in process as a tenant's agent (direct mode, that tenant's token). */
  csp(argv: string[], options?: { tenant?: string; run?: CspRunOptions }): Promise<CspRunResult>;
  /** Runs `csp` expecting exit 0; returns the parsed JSON stdout. */
  json(argv: string[], tenant?: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The parsed `{status, code, errors}` line a failed `csp` run prints on stderr. */
export function errorLine(result: CspRunResult): {
  status: number;
  code: string;
  errors: Record<string, unknown>;
} {
  return JSON.parse(result.stderr);
}

/** A real CSP API plus a `csp` runner bound to it; tokens are fetched once per tenant. */
export async function startCspKit(options: CspApiHarnessOptions = {}): Promise<CspTestKit> {
  const api = await startCspApi(options);
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (tenant: string) => {
    const token = tokens.get(tenant) ?? api.token(tenant);
    tokens.set(tenant, token);
    return token;
  };
  const csp: CspTestKit['csp'] = async (argv, runOptions = {}) => {
    const env = { CSP_API_URL: api.url, CSP_TOKEN: await tokenOf(runOptions.tenant ?? 'northwind') };
    return runCsp(argv, { env, ...runOptions.run });
  };
  return {
    api,
    csp,
    async json(argv, tenant = 'northwind') {
      const result = await csp(argv, { tenant });
      if (result.exitCode !== 0) {
        throw new Error(`csp ${argv.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
      }
      return JSON.parse(result.stdout);
    },
    close: () => api.close(),
  };
}
