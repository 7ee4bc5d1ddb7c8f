import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDatabaseFile, openAuditReader, verifyAll } from '../../src/audit/index.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { createTempDir } from '../../src/testing/temp-dir.ts';
import { type AgentRig, startAgentRig } from '../agent/agent-rig.ts';

/**
 * Audit logs written by each format of the store, kept as they were written: every later version
 * must still open, verify and show them, and re-run the sessions of formats that support it.
 */
const fixtures = path.resolve(import.meta.dirname, '../fixtures/audit');
const versions = fs
  .readdirSync(fixtures)
  .filter((name) => /^v\d+$/.test(name))
  .sort();

let rig: AgentRig;
const dirs: Array<{ remove(): void }> = [];
beforeAll(async () => {
  rig = await startAgentRig({ poolSize: 2 });
}, 60_000);
afterAll(async () => {
  await rig?.close();
  for (const dir of dirs) dir.remove();
});

/** A copy of a golden store: reading must not change the fixture, and SQLite may add a WAL. */
function copyOf(version: string): string {
  const dir = createTempDir(`golden-${version}-`);
  dirs.push(dir);
  fs.copyFileSync(path.join(fixtures, version, auditDatabaseFile), path.join(dir.path, auditDatabaseFile));
  return dir.path;
}

describe('golden audit logs', () => {
  it('has a log for each format, the current one included', () => {
    expect(versions).toEqual(expect.arrayContaining(['v1', 'v2']));
  });

  it.each(versions)(
    '%s: opens read-only, verifies and shows every session as a timeline',
    async (version) => {
      const reader = openAuditReader({ dataDir: copyOf(version) });
      try {
        const result = await verifyAll(reader);
        expect(result).toMatchObject({ ok: true });
        const sessionIds = reader.sessionIds();
        expect(sessionIds.length).toBeGreaterThanOrEqual(3);
        for (const sessionId of sessionIds) {
          const timeline = buildTimeline(reader.events(sessionId));
          expect(timeline.tenantId).toBe('northwind');
          expect(timeline.turns.length).toBeGreaterThan(0);
          for (const turn of timeline.turns) {
            expect(turn.status).toBe('completed');
            expect(turn.entries.map((entry) => entry.kind)).toContain('answer');
            expect(turn.entries.every((entry) => entry.summary.length > 0)).toBe(true);
          }
        }
      } finally {
        await reader.close();
      }
    },
  );

  it('v1: a re-run is refused with the reason, not reported as a divergence', async () => {
    const reader = openAuditReader({ dataDir: copyOf('v1') });
    try {
      const [sessionId] = reader.sessionIds();
      await expect(rig.rerun(reader.events(sessionId as string))).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('audit format 1'),
      });
    } finally {
      await reader.close();
    }
  });

  it('v2: every session re-runs with no divergence', async () => {
    const reader = openAuditReader({ dataDir: copyOf('v2') });
    try {
      for (const sessionId of reader.sessionIds()) {
        const report = await rig.rerun(reader.events(sessionId));
        expect(
          report.divergence?.message,
          `${sessionId}: ${JSON.stringify(report.divergence)}`,
        ).toBeUndefined();
        expect(report.ok).toBe(true);
      }
    } finally {
      await reader.close();
    }
  }, 120_000);
});
