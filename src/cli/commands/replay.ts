import { verifyStoredSession } from '../../audit/index.ts';
import { openAuditStoreReader } from '../../audit/open-audit-store.ts';
import { prepareAgentEntry } from '../../cell/agent/agent-bundle.ts';
import { systemClock } from '../../clock/clock.ts';
import { loadConfig } from '../../config/index.ts';
import { AppError } from '../../errors/index.ts';
import { renderRerun, renderTimeline } from '../../replay/render-timeline.ts';
import { type RerunReport, rerunSession } from '../../replay/rerun-session.ts';
import { buildTimeline } from '../../replay/timeline.ts';
import { loadSkills } from '../../skills/index.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';
import { auditStoreOption } from './audit-store-option.ts';
import { appRoot, cellsForCommand } from './cells-for-command.ts';

export const replayCommand: CliCommand = {
  name: 'replay',
  summary:
    "A session's timeline: who asked what, which skill and why, each model call, tool run, API request and response, policy decision, interrupt and the answer. --rerun runs the session again in fresh cells against the recorded model and API responses and exits 1 at the first divergence.",
  positionals: 'SESSION',
  options: {
    json: {
      type: 'boolean',
      description: 'Print the timeline (and the re-run report) as JSON, payloads whole.',
    },
    full: { type: 'boolean', description: 'Print every payload whole under its line.' },
    rerun: {
      type: 'boolean',
      description: 'Re-execute the session against its record (no live model or API calls) and compare.',
    },
    ...auditStoreOption,
  },
  async run(values, positionals, io) {
    const [sessionId, ...extra] = positionals;
    if (sessionId === undefined) throw new AppError('usage', 'replay needs a SESSION id.');
    if (extra.length > 0) throw new AppError('usage', `Unexpected argument "${extra[0]}".`);
    const config = loadConfig(
      { dataDir: stringOption(values['data-dir']), auditStore: stringOption(values['audit-store']) },
      io.env,
    );
    const reader = await openAuditStoreReader({ ...config.audit, dataDir: config.dataDir }, systemClock);
    let events: Awaited<ReturnType<typeof reader.events>>;
    let integrity: Awaited<ReturnType<typeof verifyStoredSession>>;
    try {
      if (!(await reader.sessionIds()).includes(sessionId)) {
        throw new AppError('not_found', `No audit events for session "${sessionId}".`);
      }
      events = await reader.events(sessionId);
      integrity = await verifyStoredSession(reader, sessionId);
    } finally {
      await reader.close();
    }
    const timeline = buildTimeline(events);
    let rerun: RerunReport | undefined;
    if (values.rerun === true) {
      if (!integrity.ok) {
        throw new AppError(
          'conflict',
          `The session's log is tampered (${integrity.message}); it is not re-run.`,
        );
      }
      const log = { info: () => {}, warn: (line: string) => io.stderr(`WARNING: ${line}\n`) };
      const skills = loadSkills(config.skillsDir ? { skillsDir: config.skillsDir } : {});
      const agentEntry = await prepareAgentEntry(appRoot, log);
      const pool = await cellsForCommand(config, log);
      try {
        rerun = await rerunSession({
          events,
          skills,
          pool,
          agentEntry: agentEntry.relativePath,
          clock: systemClock,
        });
      } finally {
        await pool.close();
      }
    }
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ timeline, integrity, ...(rerun ? { rerun } : {}) }, null, 2)}\n`);
    } else {
      io.stdout(renderTimeline(timeline, integrity, { full: values.full === true }));
      if (rerun) io.stdout(`\n${renderRerun(rerun)}`);
    }
    return integrity.ok && (rerun?.ok ?? true) ? 0 : 1;
  },
};
