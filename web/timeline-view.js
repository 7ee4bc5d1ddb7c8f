/**
 * The session timeline as DOM: one section per turn (what was asked, the skill, status and times)
 * with one row per audit event (time, kind, actor, summary) that opens on the event's whole payload.
 * Payloads are attacker-influenced text: every string reaches the page through `textContent`.
 */

/**
 * @typedef {{ seq: number, ts: string, type: string, kind: string, actor: string, summary: string, payload: Record<string, unknown> }} TimelineEntry
 * @typedef {{ index: number, userId: string, message: string, skill?: string, status?: string, reason?: string, startedAt: string, endedAt?: string, entries: TimelineEntry[] }} TimelineTurn
 * @typedef {{ sessionId: string, tenantId: string, userId: string, events: number, opening: TimelineEntry[], turns: TimelineTurn[] }} Timeline
 * @typedef {{ seq: number, reason: string, message: string }} BadEvent
 */

/** The filter chips: each kind of entry belongs to exactly one. */
export const categories = /** @type {const} */ ([
  {
    id: 'conversation',
    label: 'Conversation',
    title: 'Session start, messages, e-mails, skill choice, answers and turn ends',
    kinds: ['session', 'channel', 'ask', 'routing', 'answer', 'turn-end'],
  },
  {
    id: 'model',
    label: 'Model calls',
    title: 'What the model was sent and what it answered',
    kinds: ['model-call', 'model-answer'],
  },
  {
    id: 'tools',
    label: 'Tools',
    title: 'Tool calls, their results and progress',
    kinds: ['tool', 'tool-result', 'progress'],
  },
  { id: 'api', label: 'API', title: 'API requests and responses', kinds: ['api-request', 'api-response'] },
  { id: 'policy', label: 'Policy', title: 'Egress policy decisions', kinds: ['policy'] },
  { id: 'interrupts', label: 'Interrupts', title: 'Interrupted turns', kinds: ['interrupt'] },
  { id: 'cells', label: 'Cells', title: 'Cells started and ended', kinds: ['cell'] },
]);

const kindLabels = /** @type {Record<string, string>} */ ({
  session: 'session',
  channel: 'e-mail',
  ask: 'ask',
  routing: 'routing',
  cell: 'cell',
  'model-call': 'model call',
  'model-answer': 'model answer',
  tool: 'tool call',
  'tool-result': 'tool result',
  'api-request': 'API request',
  policy: 'policy',
  'api-response': 'API response',
  progress: 'progress',
  interrupt: 'interrupt',
  answer: 'answer',
  'turn-end': 'turn end',
});

/** Payloads longer than this are shown cut until "Show whole" is pressed. */
const collapsedLines = 24;
const collapsedChars = 2400;

/** @param {string} kind */
export function categoryOf(kind) {
  return (
    categories.find((category) => /** @type {readonly string[]} */ (category.kinds).includes(kind))?.id ??
    'conversation'
  );
}

/**
 * The turns (and the events before the first one) as sections.
 * @param {Timeline} timeline
 * @param {{ bad?: BadEvent, expanded: Set<number> }} options `expanded`: seqs of open rows, kept up to date
 */
export function renderTimeline(timeline, options) {
  const fragment = document.createDocumentFragment();
  if (timeline.opening.length > 0) {
    const section = node('section', 'tl-turn tl-opening');
    section.setAttribute('aria-labelledby', 'turn-0-title');
    const head = node('header', 'turn-head');
    const title = node('h2', 'turn-title', 'Session');
    title.id = 'turn-0-title';
    head.append(title);
    section.append(head, entryList(timeline.opening, options));
    fragment.append(section);
  }
  for (const turn of timeline.turns) fragment.append(turnView(turn, options));
  return fragment;
}

/** @param {TimelineTurn} turn @param {{ bad?: BadEvent, expanded: Set<number> }} options */
function turnView(turn, options) {
  const section = node('section', 'tl-turn');
  section.dataset.turn = String(turn.index);
  const titleId = `turn-${turn.index}-title`;
  section.setAttribute('aria-labelledby', titleId);

  const head = node('header', 'turn-head');
  const titleRow = node('div', 'turn-title-row');
  const title = node('h2', 'turn-title', `Turn ${turn.index}`);
  title.id = titleId;
  const status = turn.status ?? 'running';
  const badge = node('span', `status-badge ${statusClass(status)}`, turn.status ?? 'not ended');
  badge.dataset.status = status;
  titleRow.append(title, badge);

  const ask = node('div', 'turn-ask');
  ask.append(
    node('p', 'turn-ask-who', `${turn.userId || 'The supplier'} asked`),
    node('blockquote', 'turn-message', turn.message),
  );

  const facts = node('dl', 'turn-facts');
  fact(facts, 'Skill', turn.skill ?? 'none', 'turn-skill');
  fact(facts, 'Started', dateTime(turn.startedAt), 'turn-started');
  const ended = turn.endedAt
    ? `${dateTime(turn.endedAt)} (${duration(turn.startedAt, turn.endedAt)})`
    : 'not ended';
  fact(facts, 'Ended', ended, 'turn-ended');
  head.append(titleRow, ask, facts);
  if (turn.reason) head.append(node('p', 'turn-reason', `Reason: ${turn.reason}`));

  const empty = node('p', 'turn-empty', 'No events of the chosen kinds in this turn.');
  empty.hidden = true;
  section.append(head, entryList(turn.entries, options), empty);
  return section;
}

/** @param {TimelineEntry[]} entries @param {{ bad?: BadEvent, expanded: Set<number> }} options */
function entryList(entries, options) {
  const list = node('ol', 'entries');
  for (const entry of entries) list.append(entryView(entry, options));
  return list;
}

/** @param {TimelineEntry} entry @param {{ bad?: BadEvent, expanded: Set<number> }} options */
function entryView(entry, options) {
  const item = node('li', 'entry');
  item.dataset.kind = entry.kind;
  item.dataset.category = categoryOf(entry.kind);
  item.dataset.seq = String(entry.seq);
  const attention = attentionOf(entry);
  if (attention) item.dataset.attention = attention;
  const bad = options.bad?.seq === entry.seq ? options.bad : undefined;
  if (bad) item.dataset.tampered = 'true';

  const detailId = `entry-${entry.seq}-detail`;
  const toggle = node('button', 'entry-toggle');
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', detailId);
  const time = node('time', 'entry-time', clockTime(entry.ts));
  time.setAttribute('datetime', entry.ts);
  const badge = node('span', 'kind-badge', kindLabels[entry.kind] ?? entry.kind);
  badge.dataset.category = item.dataset.category;
  toggle.append(
    time,
    badge,
    node('span', 'entry-actor', entry.actor),
    node('span', 'entry-summary', entry.summary),
  );

  const detail = node('div', 'entry-detail');
  detail.id = detailId;
  detail.hidden = true;
  let filled = false;

  /** @param {boolean} open */
  const setOpen = (open) => {
    if (open && !filled) {
      detail.append(...detailContent(entry, bad));
      filled = true;
    }
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) options.expanded.add(entry.seq);
    else options.expanded.delete(entry.seq);
  };
  toggle.addEventListener('click', () => setOpen(detail.hidden));
  item.append(toggle, detail);
  if (bad) item.append(node('p', 'entry-tampered', `First bad event (${bad.reason}): ${bad.message}`));
  if (options.expanded.has(entry.seq)) setOpen(true);
  return item;
}

/** @param {TimelineEntry} entry @param {BadEvent | undefined} bad */
function detailContent(entry, bad) {
  const meta = node(
    'p',
    'entry-meta',
    `#${entry.seq} · ${entry.type} · ${entry.ts}${bad ? ' · fails verification' : ''}`,
  );
  const json = JSON.stringify(entry.payload, null, 2) ?? 'null';
  const pre = node('pre', 'payload');
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', `Payload of event ${entry.seq}`);
  const lines = json.split('\n');
  const long = lines.length > collapsedLines || json.length > collapsedChars;
  if (!long) {
    pre.textContent = json;
    return [meta, pre];
  }
  let cut = lines.slice(0, collapsedLines).join('\n');
  if (cut.length > collapsedChars) cut = cut.slice(0, collapsedChars);
  const whole = `Show whole (${bytes(json)}, ${lines.length} lines)`;
  const more = node('button', 'button small show-whole', whole);
  more.type = 'button';
  /** @param {boolean} full */
  const show = (full) => {
    pre.textContent = full ? json : `${cut}\n…`;
    pre.dataset.collapsed = String(!full);
    more.textContent = full ? 'Show less' : whole;
    more.setAttribute('aria-expanded', String(full));
  };
  more.addEventListener('click', () => show(pre.dataset.collapsed === 'true'));
  show(false);
  return [meta, pre, more];
}

/** Entries an auditor should not miss: denials, refusals, failures, interrupts. @param {TimelineEntry} entry */
function attentionOf(entry) {
  const p = entry.payload ?? {};
  switch (entry.kind) {
    case 'policy':
      return p.effect === 'allow' ? undefined : 'denied';
    case 'tool':
    case 'api-request':
      return p.refused ? 'denied' : undefined;
    case 'tool-result':
      return p.exitCode === 0 ? undefined : 'failed';
    case 'api-response':
      return typeof p.status === 'number' && p.status < 400 ? undefined : 'failed';
    case 'model-answer':
      return p.error ? 'failed' : undefined;
    case 'interrupt':
      return 'interrupted';
    case 'turn-end':
      return p.status === 'completed' ? undefined : p.status === 'interrupted' ? 'interrupted' : 'failed';
    default:
      return undefined;
  }
}

/** @param {HTMLElement} list @param {string} term @param {string} value @param {string} className */
function fact(list, term, value, className) {
  const group = node('div', className);
  group.append(node('dt', '', term), node('dd', '', value));
  list.append(group);
}

/** @param {string} status */
function statusClass(status) {
  return status === 'completed' || status === 'interrupted' || status === 'failed' ? status : 'other';
}

/** `00:50:38.061` of an ISO time (UTC). @param {string} ts */
function clockTime(ts) {
  return /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d(\.\d+)?)Z$/.exec(ts)?.[1] ?? ts;
}

/** `2026-12-05 00:50:38 UTC`. @param {string} ts */
function dateTime(ts) {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(ts);
  return match ? `${match[1]} ${match[2]} UTC` : ts;
}

/** @param {string} from @param {string} to */
function duration(from, to) {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${ms} ms`;
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** @param {string} text */
function bytes(text) {
  const size = new TextEncoder().encode(text).length;
  return size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} KB`;
}

/**
 * @param {string} tag
 * @param {string} className
 * @param {string} [text]
 */
function node(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
