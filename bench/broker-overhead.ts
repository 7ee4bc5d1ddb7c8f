import path from 'node:path';
import { createSqliteAuditLog } from '../src/audit/index.ts';
import { createBroker } from '../src/broker/broker.ts';
import { createCspCredentialProvider } from '../src/broker/csp-credentials.ts';
import { type BrokerOverhead, measureBrokerOverhead } from '../src/broker/overhead.ts';
import { systemClock } from '../src/clock/clock.ts';
import { cspApiOperations } from '../src/policy/api-operations.ts';
import { createEgressPolicy } from '../src/policy/create-egress-policy.ts';
import { findSkillTools } from '../src/sessions/skill-tools.ts';
import { createTempDir } from '../src/testing/temp-dir.ts';
import { fetchToken, startApiChild, tenantCredentials } from './api-child.ts';

/**
 * Per-call cost of the broker: the same GET straight to the CSP API and through a session's broker
 * (path normalization + Cedar decision + credential injection + two durable audit commits), one
 * call at a time, alternating. The same target every time, so the policy answers from its cache
 * unless `answerCacheSize` is 0 (every request evaluated by Cedar, as for a path seen first). The CSP API runs in its own process, as it would in production.
 */
export async function measureBrokerPath(
  iterations: number,
  options: { answerCacheSize?: number } = {},
): Promise<BrokerOverhead> {
  const dir = createTempDir('broker-bench-');
  const api = await startApiChild(path.join(dir.path, 'csp'));
  const audit = createSqliteAuditLog({ dataDir: path.join(dir.path, 'audit'), clock: systemClock });
  try {
    const [tenant] = await tenantCredentials(path.join(dir.path, 'csp'));
    if (!tenant) throw new Error('the CSP API has no tenants');
    const tools = findSkillTools(['purchase_orders_list', 'purchase_orders_show']);
    const broker = createBroker({
      sessionId: 'bench-broker',
      tenant: { id: tenant.id },
      userId: 'bench',
      skill: { name: 'order-status' },
      policy: createEgressPolicy({
        tools,
        skill: 'order-status',
        tenantId: tenant.id,
        operations: cspApiOperations(),
        ...options,
      }),
      audit,
      upstreamUrl: api.url,
      credentials: createCspCredentialProvider({ apiUrl: api.url, ...tenant, clock: systemClock }),
      clock: systemClock,
      socketPath: path.join(dir.path, 'broker.sock'),
    });
    await broker.listen();
    try {
      return await measureBrokerOverhead({
        socketPath: path.join(dir.path, 'broker.sock'),
        upstreamUrl: api.url,
        token: await fetchToken(api.url, tenant),
        target: '/api/purchase_orders/NWC-PO-11001',
        iterations,
        warmup: 100,
      });
    } finally {
      await broker.close();
    }
  } finally {
    await audit.close();
    await api.stop();
    dir.remove();
  }
}
