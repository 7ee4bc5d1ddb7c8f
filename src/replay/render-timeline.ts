import type { VerifyResult } from '../audit/verify.ts';
import type { RerunReport } from './rerun-session.ts';
import type { Timeline, TimelineEntry } from './timeline.ts';

/** The timeline as text: a header, then each turn with one line per step. */
export function renderTimeline(
  timeline: Timeline,
  integrity: VerifyResult,
  options: { full?: boolean } = {},
): string {
  const lines = [
    `Session ${timeline.sessionId}: tenant ${timeline.tenantId}, user ${timeline.userId}, ${timeline.events} events, ${integrity.ok ? 'chain intact' : `TAMPERED (${integrity.reason}): ${integrity.message}`}`,
  ];
  for (const entry of timeline.opening) lines.push(line(entry, options.full));
  for (const turn of timeline.turns) {
    lines.push(
      '',
      `Turn ${turn.index} (${turn.status ?? 'running'}${turn.skill ? `, ${turn.skill}` : ''}) at ${turn.startedAt}`,
    );
    for (const entry of turn.entries) lines.push(line(entry, options.full));
  }
  if (!options.full)
    lines.push('', 'Long values are cut; --full prints every payload whole, --json gives them to machines.');
  return `${lines.join('\n')}\n`;
}

function line(entry: TimelineEntry, full: boolean | undefined): string {
  const time = entry.ts.slice(11, 23);
  const head = `  ${String(entry.seq).padStart(4)}  ${time}  ${entry.kind.padEnd(12)} ${entry.summary}`;
  return full ? `${head}\n${indent(JSON.stringify(entry.payload, null, 2))}` : head;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((row) => `        ${row}`)
    .join('\n');
}

/** The re-run's outcome as text. */
export function renderRerun(report: RerunReport): string {
  const time = `${Math.round(report.durationMs)} ms`;
  if (report.ok) {
    return `re-run: ${report.turns} turn${report.turns === 1 ? '' : 's'}, ${report.compared} events compared, no divergence (${time})\n`;
  }
  const divergence = report.divergence;
  const lines = [`re-run: DIVERGED in turn ${divergence?.turn}: ${divergence?.message} (${time})`];
  if (divergence?.recorded)
    lines.push(`  recorded: ${JSON.stringify(pick(divergence.recorded.payload, divergence.field))}`);
  if (divergence?.rerun)
    lines.push(`  re-run:   ${JSON.stringify(pick(divergence.rerun.payload, divergence.field))}`);
  for (const note of divergence?.notes ?? []) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The value at a field path (`a.b[2].c`), to show just what differs. */
function pick(payload: Record<string, unknown>, field: string | undefined): unknown {
  if (!field) return payload;
  let value: unknown = payload;
  for (const part of field.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return value;
    value = (value as Record<string, unknown>)[part];
  }
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 400 ? `${text.slice(0, 399)}…` : value;
}
