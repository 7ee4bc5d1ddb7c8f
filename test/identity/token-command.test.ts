import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/arguments.ts';
import type { CommandIo } from '../../src/cli/command.ts';
import { tokenCommand } from '../../src/cli/commands/token.ts';
import { resolveIdentitySettings } from '../../src/config/identity-config.ts';
import { openCspDatabase } from '../../src/csp-api/store/open-database.ts';
import { listTenants } from '../../src/csp-api/tenants/tenant.ts';
import { AppError } from '../../src/errors/index.ts';
import { createIdentity } from '../../src/identity/identity.ts';
import type { TokenVerifier } from '../../src/identity/tenant-context.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

/** `supplier-agent token`: mints from the data dir's dev issuer what `serve` on that dir accepts. */
const dir = createTempDir('identity-token-command-');
let verifier: TokenVerifier;

async function token(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    signal: new AbortController().signal,
  };
  const parsed = parseCommandLine(tokenCommand, ['--data-dir', dir.path, ...args]);
  const status = await tokenCommand.run(parsed.values, parsed.positionals, io);
  return { status, stdout, stderr };
}

async function usageError(args: string[]): Promise<string> {
  const error = await token(args).then(
    () => new Error('expected a usage error'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('usage');
  return (error as AppError).message;
}

beforeAll(async () => {
  // The first run seeds the data dir; the verifier is wired as `serve` wires it.
  await token(['--tenant', 'northwind', '--user', 'maria.chen']);
  const db = openCspDatabase(dir.path);
  const tenants = new Set(listTenants(db).map((tenant) => tenant.id));
  db.close();
  verifier = createIdentity(resolveIdentitySettings({}), {
    dataDir: dir.path,
    knownTenant: (tenantId) => tenants.has(tenantId),
  }).verifier;
});
afterAll(() => dir.remove());

describe('supplier-agent token', () => {
  it("prints a token carrying the user's seeded scopes, accepted by the verifier of the same data dir", async () => {
    const { status, stdout, stderr } = await token(['--tenant', 'bluepeak', '--user', 'ben.hughes']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    await expect(verifier.verify(stdout.trim())).resolves.toEqual({
      tenantId: 'bluepeak',
      userId: 'ben.hughes',
      scopes: ['csp.orders.read', 'csp.orders.write', 'csp.catalogs.read', 'csp.invoices.read'],
      customers: [],
      operator: false,
    });
  });

  it('narrows the scopes, sets the lifetime, and adds the operator scope on request', async () => {
    const { stdout } = await token([
      '--tenant',
      'northwind',
      '--user',
      'tom.baker',
      '--scopes',
      'csp.invoices.read csp.orders.read',
      '--ttl',
      '120',
      '--operator',
    ]);
    const claims = decodeJwt(stdout.trim());
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    await expect(verifier.verify(stdout.trim())).resolves.toEqual({
      tenantId: 'northwind',
      userId: 'tom.baker',
      scopes: ['csp.invoices.read', 'csp.orders.read', 'supplier-agent.operator'],
      customers: [],
      operator: true,
    });
  });

  it("refuses scopes beyond the user's", async () => {
    const message = await usageError([
      '--tenant',
      'northwind',
      '--user',
      'tom.baker',
      '--scopes',
      'csp.orders.read csp.catalogs.write',
    ]);
    expect(message).toContain('does not hold csp.catalogs.write (');
    expect(
      await usageError([
        '--tenant',
        'northwind',
        '--user',
        'tom.baker',
        '--scopes',
        'supplier-agent.operator',
      ]),
    ).toContain('--operator');
  });

  it('refuses an unknown tenant or user, naming those that exist', async () => {
    expect(await usageError(['--tenant', 'acme', '--user', 'maria.chen'])).toMatch(
      /Unknown tenant "acme".*northwind/,
    );
    expect(await usageError(['--tenant', 'northwind', '--user', 'sam.rivera'])).toMatch(
      /no user "sam.rivera".*maria\.chen/,
    );
  });

  it('refuses missing flags and a bad lifetime', async () => {
    expect(await usageError(['--user', 'maria.chen'])).toContain('--tenant is required');
    expect(await usageError(['--tenant', 'northwind'])).toContain('--user is required');
    expect(await usageError(['--tenant', 'northwind', '--user', 'maria.chen', '--ttl', '0'])).toContain(
      '--ttl',
    );
    expect(await usageError(['--tenant', 'northwind', '--user', 'maria.chen', '--ttl', 'soon'])).toContain(
      '--ttl',
    );
    expect(await usageError(['--tenant', 'northwind', '--user', 'maria.chen', '--scopes', ' '])).toContain(
      '--scopes',
    );
  });

  it('warns when the platform is configured to trust an external provider instead', async () => {
    const { status, stderr } = await token(['--tenant', 'northwind', '--user', 'maria.chen'], {
      SUPPLIER_AGENT_OIDC_ISSUER: 'https://idp.example',
    });
    expect(status).toBe(0);
    expect(stderr).toContain('will refuse this development token');
  });
});
