import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from '../../errors/index.ts';
import { callerOf, requireOperator } from '../auth-hook.ts';
import { parseBody, resumeBodySchema, suspendBodySchema } from '../body-schemas.ts';
import type { RouteContext } from '../gateway-types.ts';

const tenantIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

type TenantRequest = FastifyRequest<{ Params: { tenant: string } }>;

/**
 * Policy interrupts under `/v1/tenants/:tenant` (operator tokens only, 403 for any other):
 * `suspend` interrupts every running and queued turn of the tenant and refuses new ones; `resume`
 * admits them again.
 */
export function registerOperatorRoutes(app: FastifyInstance, context: RouteContext): void {
  app.post('/tenants/:tenant/suspend', async (request: TenantRequest) => {
    requireOperator(callerOf(request));
    const tenantId = tenantIdOf(request);
    const { reason } = parseBody(suspendBodySchema, request.body);
    const { interrupted } = await context.sessions.suspendTenant(tenantId, reason);
    return { tenantId, suspended: true, reason, interrupted };
  });

  app.post('/tenants/:tenant/resume', async (request: TenantRequest) => {
    requireOperator(callerOf(request));
    const tenantId = tenantIdOf(request);
    parseBody(resumeBodySchema, request.body, { optional: true });
    context.sessions.resumeTenant(tenantId);
    return { tenantId, suspended: false };
  });
}

function tenantIdOf(request: TenantRequest): string {
  const { tenant } = request.params;
  if (!tenantIdPattern.test(tenant)) {
    throw validationError({ tenant: ['must be a tenant id (lower-case letters, digits, dashes)'] });
  }
  return tenant;
}
