import { resolveIdentitySettings } from '../../config/identity-config.ts';
import { loadConfig } from '../../config/index.ts';
import { seedIfEmpty } from '../../csp-api/seed/seed.ts';
import { openCspDatabase } from '../../csp-api/store/open-database.ts';
import { listTenants, type SupplierUser } from '../../csp-api/tenants/tenant.ts';
import { AppError } from '../../errors/index.ts';
import { createDevIssuer, devIssuerName, maxDevTokenTtlSeconds } from '../../identity/index.ts';
import { integerOption, stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: "Prints a JWT for a seeded supplier user from the data dir's development issuer.",
  options: {
    tenant: { type: 'string', description: 'The tenant (see supplier-agent tenants).', valueName: 'T' },
    user: { type: 'string', description: 'The user of that tenant.', valueName: 'U' },
    scopes: {
      type: 'string',
      description: "Space-separated scopes, a subset of the user's (default: all of the user's).",
      valueName: '"A B"',
    },
    ttl: {
      type: 'string',
      description: `Lifetime in seconds, 1 to ${maxDevTokenTtlSeconds} (default 3600).`,
      valueName: 'SECONDS',
    },
    operator: {
      type: 'boolean',
      description: 'Adds the operator scope (suspend tenants, read any audit).',
    },
  },
  async run(values, _positionals, io) {
    const tenantId = required(values, 'tenant');
    const userId = required(values, 'user');
    const ttlSeconds = integerOption('ttl', values.ttl, 1, maxDevTokenTtlSeconds);
    const config = loadConfig({ dataDir: stringOption(values['data-dir']) }, io.env);
    const settings = resolveIdentitySettings(io.env);
    const user = findUser(config.dataDir, tenantId, userId);
    const scopes = requestedScopes(stringOption(values.scopes), user, settings.operatorScope);
    if (settings.keys.kind !== 'dev-issuer') {
      io.stderr(
        `warning: SUPPLIER_AGENT_OIDC_ISSUER is set, so serve trusts ${settings.issuer} and will refuse this development token.\n`,
      );
    }
    const issuer = createDevIssuer({
      dataDir: config.dataDir,
      issuer: settings.keys.kind === 'dev-issuer' ? settings.issuer : devIssuerName,
      audience: settings.audience,
      claims: settings.claims,
      operatorScope: settings.operatorScope,
    });
    const token = await issuer.mint({
      tenantId,
      userId,
      scopes,
      operator: values.operator === true,
      ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    });
    io.stdout(`${token}\n`);
    return 0;
  },
};

function required(values: Record<string, unknown>, name: string): string {
  const value = stringOption(values[name]);
  if (value === undefined || value.trim() === '') {
    throw new AppError('usage', `--${name} is required. See supplier-agent token --help.`);
  }
  return value.trim();
}

/** The seeded user, or a usage error naming what exists. */
function findUser(dataDir: string, tenantId: string, userId: string): SupplierUser {
  const db = openCspDatabase(dataDir);
  try {
    seedIfEmpty(db);
    const tenants = listTenants(db);
    const tenant = tenants.find((candidate) => candidate.id === tenantId);
    if (!tenant) {
      throw new AppError(
        'usage',
        `Unknown tenant "${tenantId}". Tenants: ${tenants.map((candidate) => candidate.id).join(', ')}.`,
      );
    }
    const user = tenant.users.find((candidate) => candidate.id === userId);
    if (!user) {
      throw new AppError(
        'usage',
        `Tenant ${tenantId} has no user "${userId}". Users: ${tenant.users.map((candidate) => candidate.id).join(', ')}.`,
      );
    }
    return user;
  } finally {
    db.close();
  }
}

/** `--scopes`, which must be a non-empty subset of the user's; absent: all of them. */
function requestedScopes(text: string | undefined, user: SupplierUser, operatorScope: string): string[] {
  if (text === undefined) return [...user.scopes];
  const scopes = [...new Set(text.split(/[\s,]+/).filter((scope) => scope !== ''))];
  if (scopes.length === 0) throw new AppError('usage', '--scopes names no scope.');
  const beyond = scopes.filter((scope) => !user.scopes.includes(scope));
  if (beyond.length > 0) {
    throw new AppError(
      'usage',
      `User ${user.id} does not hold ${beyond.join(', ')} (their scopes: ${user.scopes.join(' ')}).${beyond.includes(operatorScope) ? ' Use --operator for the operator scope.' : ''}`,
    );
  }
  return scopes;
}
