import path from 'node:path';
import { createSqliteAuditLog, type SqliteAuditLog } from '../src/audit/index.ts';
import { type AgentEntry, prepareAgentEntry } from '../src/cell/agent/agent-bundle.ts';
import { systemClock } from '../src/clock/clock.ts';
import { parseScript } from '../src/models/scripted/script-file.ts';
import { createScriptedModel } from '../src/models/scripted/scripted-model.ts';
import { type CellPool, createCellPool, selectCellDriver } from '../src/sandbox/index.ts';
import { createCredentialProviders } from '../src/sessions/credential-providers.ts';
import { agentCommand } from '../src/sessions/run-skill-in-cell.ts';
import type { TurnRuntime } from '../src/sessions/turn-types.ts';
import { loadSkills, type SkillRegistry } from '../src/skills/index.ts';
import { startApiChild, tenantCredentials } from './api-child.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** What the loop and audit benchmarks run turns on: `runTurn` as `chat` wires it. */
export interface TurnRig {
  agentEntry: AgentEntry;
  pool: CellPool;
  audit: SqliteAuditLog;
  skills: SkillRegistry;
  /** A runtime whose model is a script of these turns. */
  runtime(turns: unknown[]): TurnRuntime;
  close(): Promise<void>;
}

/**
 * The CSP API in its own process, real cells from a warm pool of two with the loop prepared, the
 * durable SQLite audit log, the shipped skills: all under `root`.
 */
export async function startTurnRig(root: string): Promise<TurnRig> {
  const api = await startApiChild(path.join(root, 'csp'));
  const log = { info: () => {}, warn: () => {} };
  const driver = await selectCellDriver({ production: false, log });
  const agentEntry = await prepareAgentEntry(repoRoot, { warn: (line) => process.stderr.write(`${line}\n`) });
  const pool = createCellPool({
    driver,
    size: 2,
    cellsDir: path.join(root, 'cells'),
    appRoot: repoRoot,
    protectedPaths: [root],
    limits: { memoryBytes: 512 * 1024 * 1024, pids: 128, cpuSeconds: 300 },
    log,
    prepare: agentCommand(agentEntry.relativePath),
  });
  const audit = createSqliteAuditLog({ dataDir: path.join(root, 'audit'), clock: systemClock });
  const close = async () => {
    await pool.close();
    await audit.close();
    await api.stop();
  };
  const tenants = await tenantCredentials(path.join(root, 'csp')).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const credentials = createCredentialProviders({
    apiUrl: api.url,
    secrets(tenantId) {
      const tenant = tenants.find((candidate) => candidate.id === tenantId);
      if (!tenant) throw new Error(`no tenant ${tenantId}`);
      return tenant;
    },
    clock: systemClock,
  });
  const skills = loadSkills();
  return {
    agentEntry,
    pool,
    audit,
    skills,
    runtime: (turns) => ({
      skills,
      model: createScriptedModel({ script: parseScript({ turns }, 'bench') }),
      pool,
      agentEntry: agentEntry.relativePath,
      audit,
      upstreamUrl: api.url,
      clock: systemClock,
      credentials,
    }),
    close,
  };
}
