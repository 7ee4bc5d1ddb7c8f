import path from 'node:path';
import type { AuditEvent } from '../../src/audit/event-types.ts';
import { createSqliteAuditLog, type SqliteAuditLog } from '../../src/audit/index.ts';
import { prepareAgentEntry } from '../../src/cell/agent/agent-bundle.ts';
import { systemClock } from '../../src/clock/clock.ts';
import { seedSuppliers } from '../../src/csp-api/seed/seed-data.ts';
import type { ModelAdapter } from '../../src/models/model-types.ts';
import { parseScript } from '../../src/models/scripted/script-file.ts';
import { createScriptedModel, type ScriptedModel } from '../../src/models/scripted/scripted-model.ts';
import { type RerunReport, rerunSession } from '../../src/replay/rerun-session.ts';
import { type CellPool, createCellPool, selectCellDriver } from '../../src/sandbox/index.ts';
import { createCredentialProviders } from '../../src/sessions/credential-providers.ts';
import { agentCommand } from '../../src/sessions/run-skill-in-cell.ts';
import { runTurn } from '../../src/sessions/run-turn.ts';
import type { TurnRequest, TurnResult, TurnRuntime, TurnUser } from '../../src/sessions/turn-types.ts';
import { loadSkills } from '../../src/skills/index.ts';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Seeded users of northwind, with the scopes the seed gives them: an admin and receivables. */
function seededUser(tenantId: string, userId: string): TurnUser {
  const tenant = seedSuppliers.find((candidate) => candidate.tenantId === tenantId);
  const user = tenant?.users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`the seed has no user ${userId} in ${tenantId}`);
  return { id: user.id, scopes: [...user.scopes] };
}

export const users = {
  northwindAdmin: seededUser('northwind', 'maria.chen'),
  northwindReceivables: seededUser('northwind', 'tom.baker'),
};

/** A CSP API, an audit log, a pool of real cells and the shipped skills: what `chat` wires. */
export interface AgentRig {
  api: CspApiHarness;
  audit: SqliteAuditLog;
  pool: CellPool;
  runtime(model: ModelAdapter): TurnRuntime;
  /** Runs one turn for northwind's admin (unless the request says otherwise). */
  turn(model: ModelAdapter, request: Partial<TurnRequest> & { message: string }): Promise<TurnResult>;
  events(sessionId: string): AuditEvent[];
  /** Re-runs a recorded session (or the given events) in fresh cells against its record. */
  rerun(sessionOrEvents: string | readonly AuditEvent[]): Promise<RerunReport>;
  close(): Promise<void>;
}

export function scripted(turns: unknown[]): ScriptedModel {
  return createScriptedModel({ script: parseScript({ turns }, 'test script') });
}

export async function startAgentRig(
  options: { poolSize?: number; prepareLoop?: boolean } = {},
): Promise<AgentRig> {
  const api = await startCspApi();
  const dir = createTempDir('agent-rig-');
  const log = { info: () => {}, warn: () => {} };
  const driver = await selectCellDriver({ production: false, log });
  const agentEntry = await prepareAgentEntry(repoRoot);
  const pool = createCellPool({
    driver,
    size: options.poolSize ?? 1,
    cellsDir: path.join(dir.path, 'cells'),
    appRoot: repoRoot,
    protectedPaths: [dir.path, api.dataDir],
    limits: { memoryBytes: 512 * 1024 * 1024, pids: 128, cpuSeconds: 120 },
    log,
    ...(options.prepareLoop === false ? {} : { prepare: agentCommand(agentEntry.relativePath) }),
  });
  const audit = createSqliteAuditLog({ dataDir: dir.path, clock: systemClock });
  const skills = loadSkills();
  const credentials = createCredentialProviders({
    apiUrl: api.url,
    secrets: (tenant) => api.credentials(tenant),
    clock: systemClock,
  });
  let sessions = 0;
  const runtime = (model: ModelAdapter): TurnRuntime => ({
    skills,
    model,
    pool,
    agentEntry: agentEntry.relativePath,
    audit,
    upstreamUrl: api.url,
    clock: systemClock,
    credentials,
  });
  return {
    api,
    audit,
    pool,
    runtime,
    turn(model, request) {
      sessions += 1;
      return runTurn(runtime(model), {
        sessionId: `agent-test-${sessions}-${Date.now()}`,
        tenantId: 'northwind',
        user: users.northwindAdmin,
        ...request,
      });
    },
    events: (sessionId) => audit.events(sessionId),
    rerun: (sessionOrEvents) =>
      rerunSession({
        events: typeof sessionOrEvents === 'string' ? audit.events(sessionOrEvents) : sessionOrEvents,
        skills,
        pool,
        agentEntry: agentEntry.relativePath,
        clock: systemClock,
      }),
    async close() {
      await pool.close();
      await audit.close();
      await api.close();
      dir.remove();
    },
  };
}

/** Types of a session's events, in order. */
export const typesOf = (events: AuditEvent[]) => events.map((event) => event.type);
