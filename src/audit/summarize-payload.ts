const maxValueLength = 40;
const maxSummaryLength = 120;

/**
 * One line that says what an event was about, for `audit show`: top-level scalar fields as
 * `key=value`, then objects and arrays by their size (`headers={5}`, `argv=[3]`), cut to a terminal line.
 * The full payload is one `--json` away.
 */
export function summarizePayload(payload: Record<string, unknown>): string {
  // Stored payloads come back with sorted keys; scalars first keeps `method=GET path=...` ahead of
  // `headers={5}`, which says little.
  const entries = Object.entries(payload);
  const ordered = [
    ...entries.filter(([, value]) => !isContainer(value)),
    ...entries.filter(([, value]) => isContainer(value)),
  ];
  const parts = ordered.map(([key, value]) => `${key}=${describe(value)}`);
  const line = parts.join(' ');
  return line.length > maxSummaryLength ? `${line.slice(0, maxSummaryLength - 1)}…` : line;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).length}}`;
  if (typeof value !== 'string') return String(value);
  const text = /^[\w./:@+,-]+$/.test(value) ? value : JSON.stringify(value);
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}
