/**
 * The session timeline page (`timeline.html?session=ID`): the audit of one session for its owner's
 * tenant and operators, read from `GET /v1/sessions/:id/timeline` with the web chat's sign-in (the
 * same sessionStorage entry) or a pasted token. Shows who asked what, the skill and why, every model
 * call, tool run, API request, policy decision and interrupt, and whether the hash chain is intact.
 * No dependencies, no build step; server text only ever reaches the page through `textContent`.
 */
import { decodeClaims, errorText, messageOf, mintDemoToken, readJson } from './gateway-client.js';
import { categories, renderTimeline } from './timeline-view.js';

/** The web chat's sign-in (see `save`/`load` in chat.js): read here, never written. */
const storageKey = 'supplier-agent.chat';
/** Re-mint a demo token this long before it expires. */
const refreshMarginSeconds = 30;

const elements = {
  identitySummary: byId('identity-summary'),
  accessForm: /** @type {HTMLFormElement} */ (byId('access-form')),
  accessTitle: byId('access-title'),
  sessionInput: /** @type {HTMLInputElement} */ (byId('session-input')),
  tokenInput: /** @type {HTMLInputElement} */ (byId('token-input')),
  error: byId('timeline-error'),
  loading: byId('timeline-loading'),
  summary: byId('summary'),
  summarySession: byId('summary-session'),
  summaryTenant: byId('summary-tenant'),
  summaryUser: byId('summary-user'),
  summaryEvents: byId('summary-events'),
  summaryTurns: byId('summary-turns'),
  integrity: byId('integrity'),
  tampered: byId('tampered'),
  refresh: /** @type {HTMLButtonElement} */ (byId('refresh')),
  controls: byId('controls'),
  filters: byId('filters'),
  filterNote: byId('filter-note'),
  timeline: byId('timeline'),
};

/**
 * @typedef {import('./timeline-view.js').Timeline} Timeline
 * @typedef {{ key?: string, label?: string, demo?: { tenantId: string, userId: string } }} Identity
 */

const state = {
  token: '',
  /** @type {Identity | null} */
  identity: null,
  sessionId: '',
  /** Filter chips pressed; none pressed shows every event. @type {Set<string>} */
  selected: new Set(),
  /** Seqs of the rows open, kept across a refresh. @type {Set<number>} */
  expanded: new Set(),
  loading: false,
};

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

// --- Sign-in and session -----------------------------------------------------------------------

function loadStoredSignIn() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    if (saved && typeof saved.token === 'string' && decodeClaims(saved.token)) {
      state.token = saved.token;
      state.identity = saved.identity && typeof saved.identity === 'object' ? saved.identity : null;
    }
  } catch {
    // Nothing stored, or storage unavailable: the page asks for a token.
  }
}

/** The bearer token to send; a demo token close to expiry is minted again first. */
async function currentToken() {
  const demo = state.identity?.demo;
  const expiry = decodeClaims(state.token)?.exp;
  if (demo && typeof expiry === 'number' && expiry - Date.now() / 1000 < refreshMarginSeconds) {
    state.token = await mintDemoToken(demo.tenantId, demo.userId);
  }
  return state.token;
}

function identityText() {
  if (!state.token) return 'Not signed in';
  if (state.identity?.label) return `Signed in as ${state.identity.label}`;
  const claims = decodeClaims(state.token) ?? {};
  const subject = typeof claims.sub === 'string' ? claims.sub : 'unknown subject';
  const tenant = typeof claims.tenant === 'string' ? ` (${claims.tenant})` : '';
  return `Signed in with a token · ${subject}${tenant}`;
}

/** @param {string} [title] */
function showAccessForm(title = "Open a session's timeline") {
  elements.accessTitle.textContent = title;
  elements.sessionInput.value = state.sessionId;
  elements.tokenInput.required = !state.token;
  elements.tokenInput.placeholder = state.token ? 'Keep the current sign-in' : 'eyJhbGciOi...';
  elements.accessForm.hidden = false;
}

/** @param {SubmitEvent} event */
function submitAccess(event) {
  event.preventDefault();
  const sessionId = elements.sessionInput.value.trim();
  const pasted = elements.tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  if (pasted) {
    if (!decodeClaims(pasted)) return showError('That does not look like a JWT (three dot-separated parts).');
    state.token = pasted;
    state.identity = null;
    elements.tokenInput.value = '';
  }
  if (!state.token) return showError('Paste a bearer token to read the timeline.');
  if (!sessionId) return showError('Enter the id of the session.');
  state.sessionId = sessionId;
  state.expanded.clear();
  const url = new URL(location.href);
  url.searchParams.set('session', sessionId);
  history.replaceState(null, '', url);
  void loadTimeline();
}

// --- Loading -----------------------------------------------------------------------------------

async function loadTimeline() {
  if (state.loading) return;
  state.loading = true;
  hideError();
  elements.identitySummary.textContent = identityText();
  elements.loading.hidden = false;
  elements.refresh.disabled = true;
  try {
    const response = await fetch(`v1/sessions/${encodeURIComponent(state.sessionId)}/timeline`, {
      headers: { authorization: `Bearer ${await currentToken()}`, accept: 'application/json' },
    });
    const body = await readJson(response);
    if (!response.ok) return refused(response, body);
    if (!body || typeof body.timeline !== 'object' || typeof body.integrity !== 'object') {
      throw new Error('the gateway sent something that is not a timeline');
    }
    elements.accessForm.hidden = true;
    render(body.timeline, body.integrity);
  } catch (error) {
    clearTimeline();
    showError(`Could not load the timeline: ${messageOf(error)}`);
  } finally {
    state.loading = false;
    elements.loading.hidden = true;
    elements.refresh.disabled = false;
    elements.identitySummary.textContent = identityText();
  }
}

/** A refused read, said plainly; the form offers another token or session. @param {Response} response */
function refused(response, body) {
  clearTimeline();
  const detail = errorText(response, body);
  if (response.status === 401) {
    showError(`Your token was refused: ${detail}. Sign in again on the chat page, or paste a token.`);
    showAccessForm('Sign in to read the timeline');
  } else if (response.status === 404) {
    showError(
      `Session ${state.sessionId} was not found: it does not exist, or it belongs to another tenant. Only the session's own tenant and operators may read its timeline.`,
    );
    showAccessForm('Try another session or token');
  } else if (response.status === 403) {
    showError(`This token may not read timelines: ${detail}.`);
    showAccessForm('Try another token');
  } else {
    showError(`The timeline could not be read: ${detail}.`);
  }
}

// --- Rendering ---------------------------------------------------------------------------------

/**
 * @param {Timeline} timeline
 * @param {{ ok: boolean, events?: number, sessionId?: string, seq?: number, reason?: string, message?: string }} integrity
 */
function render(timeline, integrity) {
  document.title = `Session ${timeline.sessionId || state.sessionId} · timeline`;
  elements.summarySession.textContent = timeline.sessionId || state.sessionId;
  elements.summaryTenant.textContent = timeline.tenantId || 'unknown';
  elements.summaryUser.textContent = timeline.userId || 'unknown';
  elements.summaryEvents.textContent = String(timeline.events);
  elements.summaryTurns.textContent = String(timeline.turns.length);
  renderIntegrity(timeline, integrity);
  elements.summary.hidden = false;

  const bad =
    !integrity.ok && typeof integrity.seq === 'number' && integrity.seq > 0
      ? {
          seq: integrity.seq,
          reason: String(integrity.reason ?? ''),
          message: String(integrity.message ?? ''),
        }
      : undefined;
  elements.timeline.replaceChildren(
    renderTimeline(timeline, { expanded: state.expanded, ...(bad ? { bad } : {}) }),
  );
  if (timeline.events === 0)
    elements.timeline.append(paragraph('timeline-empty', 'This session has no events.'));
  renderFilters(timeline);
  applyFilters();
  elements.controls.hidden = timeline.events === 0;
}

/** @param {Timeline} timeline @param {Parameters<typeof render>[1]} integrity */
function renderIntegrity(timeline, integrity) {
  const verdict = elements.integrity;
  if (integrity.ok) {
    verdict.className = 'integrity intact';
    verdict.textContent = `✓ Chain intact · ${integrity.events ?? timeline.events} events verified`;
    elements.tampered.hidden = true;
    elements.tampered.replaceChildren();
    return;
  }
  verdict.className = 'integrity broken';
  verdict.textContent = '✗ Chain broken';
  const where = typeof integrity.seq === 'number' && integrity.seq > 0 ? ` at event #${integrity.seq}` : '';
  elements.tampered.replaceChildren(
    paragraph('tampered-title', 'TAMPERED'),
    paragraph('tampered-message', String(integrity.message ?? 'The audit chain does not verify.')),
    paragraph(
      'tampered-reason',
      `Verification failed${where}: ${String(integrity.reason ?? 'unknown reason')}. Do not trust this record as shown.`,
    ),
  );
  elements.tampered.hidden = false;
}

/** @param {Timeline} timeline */
function renderFilters(timeline) {
  const counts = new Map(categories.map((category) => [category.id, 0]));
  for (const item of elements.timeline.querySelectorAll('.entry')) {
    const id = /** @type {HTMLElement} */ (item).dataset.category ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const all = chip('All', timeline.events, 'all');
  all.addEventListener('click', () => {
    state.selected.clear();
    applyFilters();
  });
  const chips = categories.map((category) => {
    const count = counts.get(category.id) ?? 0;
    const button = chip(category.label, count, category.id);
    button.title = category.title;
    if (count === 0) {
      button.disabled = true;
      state.selected.delete(category.id);
    }
    button.addEventListener('click', () => {
      if (state.selected.has(category.id)) state.selected.delete(category.id);
      else state.selected.add(category.id);
      applyFilters();
    });
    return button;
  });
  elements.filters.replaceChildren(all, ...chips);
}

/** @param {string} label @param {number} count @param {string} id */
function chip(label, count, id) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'chip';
  button.dataset.filter = id;
  const name = document.createElement('span');
  name.textContent = label;
  const number = document.createElement('span');
  number.className = 'chip-count';
  number.textContent = String(count);
  button.append(name, number);
  return button;
}

function applyFilters() {
  const selected = state.selected;
  for (const button of elements.filters.querySelectorAll('button')) {
    const id = button.dataset.filter ?? '';
    button.setAttribute('aria-pressed', String(id === 'all' ? selected.size === 0 : selected.has(id)));
  }
  let shown = 0;
  let total = 0;
  for (const section of elements.timeline.querySelectorAll('.tl-turn')) {
    let visible = 0;
    for (const item of section.querySelectorAll('.entry')) {
      const element = /** @type {HTMLElement} */ (item);
      element.hidden = selected.size > 0 && !selected.has(element.dataset.category ?? '');
      if (!element.hidden) visible += 1;
      total += 1;
    }
    shown += visible;
    const empty = /** @type {HTMLElement | null} */ (section.querySelector('.turn-empty'));
    if (empty) empty.hidden = visible > 0;
    // The events before the first turn have no header worth keeping on its own.
    if (section.classList.contains('tl-opening')) /** @type {HTMLElement} */ (section).hidden = visible === 0;
  }
  elements.filterNote.textContent =
    selected.size === 0 ? `Showing all ${total} events` : `Showing ${shown} of ${total} events`;
}

function clearTimeline() {
  elements.summary.hidden = true;
  elements.controls.hidden = true;
  elements.timeline.replaceChildren();
}

/** @param {string} className @param {string} text */
function paragraph(className, text) {
  const element = document.createElement('p');
  element.className = className;
  element.textContent = text;
  return element;
}

/** @param {string} text */
function showError(text) {
  elements.error.textContent = text;
  elements.error.hidden = false;
}

function hideError() {
  elements.error.hidden = true;
  elements.error.textContent = '';
}

// --- Wiring ------------------------------------------------------------------------------------

elements.accessForm.addEventListener('submit', submitAccess);
elements.refresh.addEventListener('click', () => void loadTimeline());

loadStoredSignIn();
state.sessionId = new URLSearchParams(location.search).get('session')?.trim() ?? '';
elements.identitySummary.textContent = identityText();
if (state.sessionId && state.token) void loadTimeline();
else showAccessForm(state.token ? "Open a session's timeline" : 'Sign in to read the timeline');
