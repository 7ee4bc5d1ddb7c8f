/**
 * The web chat: sign in (a demo supplier user from the development issuer, or a pasted token),
 * send messages, follow each turn as it streams (skill, tool calls, progress, answer, status),
 * stop a running turn, continue or start a conversation. No dependencies, no build step. Text from
 * the server or the user only ever reaches the page through `textContent`.
 */
import { readEventStream } from './event-stream.js';
import {
  decodeClaims,
  errorText,
  fetchDemoUsers,
  messageOf,
  mintDemoToken,
  readJson,
} from './gateway-client.js';
import { createTurnView } from './turn-view.js';

const storageKey = 'supplier-agent.chat';
/** Re-mint a demo token this long before it expires. */
const refreshMarginSeconds = 30;

const elements = {
  identitySummary: byId('identity-summary'),
  demoForm: /** @type {HTMLFormElement} */ (byId('demo-form')),
  demoUser: /** @type {HTMLSelectElement} */ (byId('demo-user')),
  tokenForm: /** @type {HTMLFormElement} */ (byId('token-form')),
  tokenInput: /** @type {HTMLInputElement} */ (byId('token-input')),
  signInError: byId('sign-in-error'),
  sessionId: byId('session-id'),
  newConversation: /** @type {HTMLButtonElement} */ (byId('new-conversation')),
  timelineLink: /** @type {HTMLAnchorElement} */ (byId('timeline-link')),
  transcript: byId('transcript'),
  emptyState: byId('empty-state'),
  composer: /** @type {HTMLFormElement} */ (byId('composer')),
  message: /** @type {HTMLTextAreaElement} */ (byId('message')),
  send: /** @type {HTMLButtonElement} */ (byId('send')),
  stop: /** @type {HTMLButtonElement} */ (byId('stop')),
  announcer: byId('announcer'),
};

/**
 * @typedef {import('./gateway-client.js').DemoUser} DemoUser
 * @typedef {{ key: string, label: string, demo?: { tenantId: string, userId: string } }} Identity
 * @typedef {{ sessionId: string | null, stopRequested: boolean, view: ReturnType<typeof createTurnView> }} RunningTurn
 */

const state = {
  token: '',
  /** @type {Identity | null} */
  identity: null,
  /** @type {string | null} */
  sessionId: null,
  /** @type {RunningTurn | null} */
  running: null,
  /** @type {DemoUser[]} */
  demoUsers: [],
  /** True while the stored conversation is being shown again (after a reload). */
  restoring: false,
};

function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

// --- Sign-in -----------------------------------------------------------------------------------

async function loadDemoUsers() {
  const users = await fetchDemoUsers();
  if (users.length === 0) return;
  state.demoUsers = users;
  renderDemoUsers(users);
  elements.demoForm.hidden = false;
}

/** @param {DemoUser[]} users */
function renderDemoUsers(users) {
  const select = elements.demoUser;
  select.replaceChildren();
  const placeholder = new Option('Choose a user…', '');
  placeholder.disabled = true;
  placeholder.selected = true;
  select.append(placeholder);
  /** @type {Map<string, HTMLOptGroupElement>} */
  const groups = new Map();
  for (const user of users) {
    let group = groups.get(user.tenantId);
    if (!group) {
      group = document.createElement('optgroup');
      group.label = user.tenantName ? `${user.tenantName} (${user.tenantId})` : user.tenantId;
      groups.set(user.tenantId, group);
      select.append(group);
    }
    const option = new Option(`${user.name} · ${user.role}`, `${user.tenantId}/${user.userId}`);
    option.dataset.userId = user.userId;
    group.append(option);
  }
}

async function signInAsDemoUser(event) {
  event.preventDefault();
  const [tenantId, userId] = elements.demoUser.value.split('/');
  const user = state.demoUsers.find(
    (candidate) => candidate.tenantId === tenantId && candidate.userId === userId,
  );
  if (!user) return showSignInError('Choose a user first.');
  try {
    const token = await mintDemoToken(user.tenantId, user.userId);
    const tenant = user.tenantName ?? user.tenantId;
    signIn(token, {
      key: `${tenantId}/${userId}`,
      label: `${user.name} (${user.role}) · ${tenant}`,
      demo: { tenantId, userId },
    });
  } catch (error) {
    showSignInError(`Could not get a token: ${messageOf(error)}`);
  }
}

function signInWithToken(event) {
  event.preventDefault();
  const token = elements.tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  const claims = decodeClaims(token);
  if (!claims) return showSignInError('That does not look like a JWT (three dot-separated parts).');
  const subject = typeof claims.sub === 'string' ? claims.sub : 'unknown subject';
  // `tenant` is the default tenant claim; other identity providers may name it differently.
  const tenant = typeof claims.tenant === 'string' ? claims.tenant : '';
  elements.tokenInput.value = '';
  signIn(token, {
    key: `${String(claims.iss ?? '')}|${tenant}|${subject}`,
    label: `Pasted token · ${subject}${tenant ? ` (${tenant})` : ''}`,
  });
}

/** @param {string} token @param {Identity} identity */
function signIn(token, identity) {
  if (state.running) {
    showSignInError('A turn is running: wait for it to end, or stop it, before switching users.');
    return;
  }
  const sameUser = state.identity?.key === identity.key;
  state.token = token;
  state.identity = identity;
  // A conversation belongs to its tenant: another user starts a new one.
  if (!sameUser) resetConversation();
  hideSignInError();
  save();
  render();
  elements.message.focus();
}

/** @param {string} text */
function showSignInError(text) {
  elements.signInError.textContent = text;
  elements.signInError.hidden = false;
}

function hideSignInError() {
  elements.signInError.hidden = true;
  elements.signInError.textContent = '';
}

/** The bearer token to send; a demo token close to expiry is minted again first. */
async function currentToken() {
  const demo = state.identity?.demo;
  const expiry = decodeClaims(state.token)?.exp;
  if (demo && typeof expiry === 'number' && expiry - Date.now() / 1000 < refreshMarginSeconds) {
    state.token = await mintDemoToken(demo.tenantId, demo.userId);
    save();
  }
  return state.token;
}

// --- Turns -------------------------------------------------------------------------------------

async function sendMessage() {
  const text = elements.message.value;
  if (state.running || state.restoring || !state.token || text.trim() === '') return;
  elements.message.value = '';
  const view = createTurnView(text);
  elements.transcript.append(view.element);
  scrollToEnd();
  /** @type {RunningTurn} */
  const running = { sessionId: state.sessionId, stopRequested: false, view };
  state.running = running;
  render();
  try {
    const accepted = await runTurn(running, text);
    // A refused message (busy, rate limited, bad token) is given back to be sent again.
    if (!accepted && elements.message.value === '') elements.message.value = text;
  } catch (error) {
    view.fail(`Connection failed: ${messageOf(error)}`);
  } finally {
    state.running = null;
    save();
    render();
    announce(view.statusText());
    elements.message.focus();
  }
}

/**
 * Sends the message and follows the turn's stream; false when the gateway refused the message.
 * @param {RunningTurn} running @param {string} text
 */
async function runTurn(running, text) {
  const path = running.sessionId
    ? `v1/sessions/${encodeURIComponent(running.sessionId)}/messages`
    : 'v1/sessions';
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await currentToken()}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify({ message: text }),
  });
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !type.includes('text/event-stream') || !response.body) {
    const body = await readJson(response);
    running.view.fail(errorText(response, body));
    if (response.status === 401) showSignInError('Your token was refused: sign in again.');
    return false;
  }
  for await (const { event, data } of readEventStream(response.body)) {
    const payload = data && typeof data === 'object' ? /** @type {Record<string, unknown>} */ (data) : {};
    if (event === 'session') adoptSession(running, payload);
    followingEnd(() => running.view.apply(event, payload));
    if (event === 'turn-end') return true;
  }
  running.view.fail('The connection closed before the turn ended; it may still be running.');
  return true;
}

/** @param {RunningTurn} running @param {Record<string, unknown>} payload */
function adoptSession(running, payload) {
  if (typeof payload.sessionId !== 'string') return;
  running.sessionId = payload.sessionId;
  state.sessionId = payload.sessionId;
  save();
  render();
  if (running.stopRequested) void requestStop(running);
}

async function stopTurn() {
  const running = state.running;
  if (!running || running.stopRequested) return;
  running.stopRequested = true;
  running.view.stopping();
  render();
  // Before the `session` event the id is unknown: the stop goes out as soon as it arrives.
  if (running.sessionId) await requestStop(running);
}

/** @param {RunningTurn} running */
async function requestStop(running) {
  try {
    const response = await fetch(`v1/sessions/${encodeURIComponent(running.sessionId ?? '')}/interrupt`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await currentToken()}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ reason: 'stopped by the user' }),
    });
    if (!response.ok && response.status !== 409) {
      running.view.note(`Stop was refused: ${errorText(response, await readJson(response))}`);
    }
  } catch (error) {
    running.view.note(`Stop could not be sent: ${messageOf(error)}`);
  }
}

function resetConversation() {
  state.sessionId = null;
  elements.transcript.replaceChildren();
}

function newConversation() {
  if (state.running) return;
  resetConversation();
  save();
  render();
  announce('New conversation.');
  elements.message.focus();
}

/** Shows the earlier turns of a stored session (after a reload). */
async function restoreConversation() {
  if (!state.sessionId || !state.token) return;
  state.restoring = true;
  render();
  try {
    const response = await fetch(`v1/sessions/${encodeURIComponent(state.sessionId)}`, {
      headers: { authorization: `Bearer ${await currentToken()}`, accept: 'application/json' },
    });
    if (!response.ok) throw new Error(errorText(response, await readJson(response)));
    const session = await response.json();
    for (const turn of Array.isArray(session?.turns) ? session.turns : []) {
      const view = createTurnView(String(turn.message ?? ''));
      view.apply('turn-end', { ...turn, restored: true });
      elements.transcript.append(view.element);
    }
  } catch {
    resetConversation();
    save();
  } finally {
    state.restoring = false;
  }
  render();
  scrollToEnd();
}

// --- Page state --------------------------------------------------------------------------------

function render() {
  const signedIn = state.token !== '';
  const running = state.running !== null;
  elements.identitySummary.textContent = state.identity
    ? `Signed in as ${state.identity.label}`
    : 'Not signed in';
  elements.sessionId.textContent = state.sessionId ? `Session ${state.sessionId}` : 'New conversation';
  // The session's audit timeline, in a new tab that reads the same sign-in.
  elements.timelineLink.hidden = !state.sessionId;
  elements.timelineLink.href = state.sessionId
    ? `timeline.html?session=${encodeURIComponent(state.sessionId)}`
    : 'timeline.html';
  elements.message.disabled = !signedIn;
  elements.message.placeholder = signedIn ? 'Ask the agent…' : 'Sign in to start';
  elements.send.disabled = !signedIn || running || state.restoring;
  elements.stop.disabled = !running || state.running?.stopRequested === true;
  elements.newConversation.disabled =
    running || (state.sessionId === null && !elements.transcript.hasChildNodes());
  elements.emptyState.hidden = elements.transcript.hasChildNodes();
}

function scrollToEnd() {
  const transcript = elements.transcript;
  transcript.scrollTop = transcript.scrollHeight;
  transcript.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

/** Runs `change`; a reader who was at the end of the transcript stays there, one who scrolled up is left alone. */
function followingEnd(change) {
  const transcript = elements.transcript;
  const atEnd = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 48;
  change();
  if (atEnd) transcript.scrollTop = transcript.scrollHeight;
}

/** @param {string} text */
function announce(text) {
  elements.announcer.textContent = text;
}

function save() {
  try {
    const saved = { token: state.token, identity: state.identity, sessionId: state.sessionId };
    sessionStorage.setItem(storageKey, JSON.stringify(saved));
  } catch {
    // Storage may be unavailable (private mode): the page still works, without surviving a reload.
  }
}

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    if (saved && typeof saved.token === 'string' && decodeClaims(saved.token)) {
      state.token = saved.token;
      state.identity = saved.identity ?? { key: '', label: 'Stored token' };
      state.sessionId = typeof saved.sessionId === 'string' ? saved.sessionId : null;
    }
  } catch {
    // Nothing stored, or nothing usable.
  }
}

// --- Wiring ------------------------------------------------------------------------------------

elements.demoForm.addEventListener('submit', (event) => void signInAsDemoUser(event));
elements.tokenForm.addEventListener('submit', signInWithToken);
elements.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  void sendMessage();
});
elements.message.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  if (!elements.send.disabled) void sendMessage();
});
elements.stop.addEventListener('click', () => void stopTurn());
elements.newConversation.addEventListener('click', newConversation);

load();
render();
void loadDemoUsers();
void restoreConversation();
