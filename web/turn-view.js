/**
 * One turn of the transcript: the supplier's message, then the agent's side as the stream tells
 * it — the skill that ran, one compact line per tool call, progress, the answer, and the turn's
 * status. Every string from the server or the user goes in through `textContent`.
 */

/** @typedef {Record<string, unknown>} Payload */

const statusLabels = /** @type {const} */ ({
  completed: 'Completed',
  interrupted: 'Interrupted',
  failed: 'Failed',
});

/**
 * @param {string} message the supplier's message
 */
export function createTurnView(message) {
  const startedAt = Date.now();
  const element = node('article', 'turn');
  element.setAttribute('aria-label', 'Turn');

  const question = node('div', 'bubble user');
  question.append(node('h3', 'speaker', 'You'), node('p', 'text', message));

  const agent = node('div', 'bubble agent');
  const skillLine = node('p', 'skill-line', 'Choosing a skill…');
  const activity = node('details', 'activity');
  activity.open = true;
  const progress = node('summary', 'progress', 'Working…');
  const toolList = node('ol', 'tool-lines');
  activity.append(progress, toolList);
  activity.hidden = true;
  const answer = node('p', 'text answer');
  answer.hidden = true;
  const status = node('p', 'turn-status running', 'Running…');
  status.dataset.status = 'running';
  status.dataset.phase = 'running';
  // Progress and tool lines change every second in long turns: screen readers hear the answer as it
  // arrives and the outcome through the page's status message, not each tick.
  activity.setAttribute('aria-live', 'off');
  status.setAttribute('aria-live', 'off');
  agent.append(node('h3', 'speaker', 'Agent'), skillLine, activity, answer, status);
  element.append(question, agent);

  /** @type {Map<string, { line: HTMLElement, state: HTMLElement }>} */
  const tools = new Map();
  const counts = { calls: 0, finished: 0, failed: 0, refused: 0, apiCalls: 0, denied: 0 };
  let ended = false;
  let stopRequested = false;
  const ticker = setInterval(updateProgress, 1000);

  function updateProgress() {
    const parts = [`${counts.calls} tool call${counts.calls === 1 ? '' : 's'}`];
    if (counts.failed > 0) parts.push(`${counts.failed} failed`);
    if (counts.refused > 0) parts.push(`${counts.refused} refused`);
    if (counts.denied > 0) parts.push(`${counts.denied} denied`);
    if (counts.apiCalls > 0) parts.push(`${counts.apiCalls} API request${counts.apiCalls === 1 ? '' : 's'}`);
    const elapsed = seconds(Date.now() - startedAt);
    progress.textContent = ended ? parts.join(' · ') : `${parts.join(' · ')} · ${elapsed}`;
    if (!ended && !stopRequested && status.dataset.phase === 'running')
      status.textContent = `Running… ${elapsed}`;
  }

  /** Adds a line; the list follows the newest line unless the reader scrolled up in it. @param {HTMLElement} line */
  function appendLine(line) {
    const atEnd = toolList.scrollHeight - toolList.scrollTop - toolList.clientHeight < 24;
    toolList.append(line);
    activity.hidden = false;
    if (atEnd) toolList.scrollTop = toolList.scrollHeight;
  }

  /** @param {string} id @param {string} name @param {string} detail */
  function addToolLine(id, name, detail) {
    const line = node('li', 'tool-line');
    line.dataset.state = 'running';
    const state = node('span', 'tool-state', 'started');
    line.append(node('span', 'tool-name', name));
    if (detail) line.append(node('span', 'tool-input', detail));
    line.append(state);
    appendLine(line);
    tools.set(id, { line, state });
    return { line, state };
  }

  /** @param {Payload} data */
  function toolCall(data) {
    counts.calls += 1;
    const id = String(data.toolUseId ?? `call-${counts.calls}`);
    const entry = addToolLine(id, String(data.tool ?? 'tool'), summarizeInput(data.input));
    if (data.refused !== undefined) {
      counts.refused += 1;
      entry.line.dataset.state = 'refused';
      entry.state.textContent = `refused: ${describe(data.refused)}`;
    }
  }

  /** @param {Payload} data */
  function toolResult(data) {
    const id = String(data.toolUseId ?? '');
    const entry = tools.get(id) ?? addToolLine(id, String(data.tool ?? 'tool'), '');
    if (entry.line.dataset.state === 'refused') return;
    counts.finished += 1;
    const ok = data.ok === true;
    if (!ok) counts.failed += 1;
    entry.line.dataset.state = ok ? 'ok' : 'failed';
    const duration = typeof data.durationMs === 'number' ? ` · ${milliseconds(data.durationMs)}` : '';
    const exit = ok || data.exitCode === undefined ? '' : ` (exit ${String(data.exitCode)})`;
    entry.state.textContent = `${ok ? 'ok' : 'failed'}${exit}${duration}`;
  }

  /** @param {Payload} data */
  function denied(data) {
    counts.denied += 1;
    const line = node('li', 'tool-line');
    line.dataset.state = 'denied';
    const what = typeof data.operation === 'string' ? data.operation : 'request';
    line.append(
      node('span', 'tool-name', `denied ${what}`),
      node('span', 'tool-state', String(data.message || data.reason || 'by policy')),
    );
    appendLine(line);
  }

  /** @param {Payload} data */
  function end(data) {
    ended = true;
    clearInterval(ticker);
    const value = String(data.status ?? 'failed');
    const known = value === 'completed' || value === 'interrupted' || value === 'failed';
    const label = known ? statusLabels[value] : value;
    if (typeof data.skill === 'string' && data.skill) skillLine.textContent = `Skill: ${data.skill}`;
    else if (skillLine.textContent === 'Choosing a skill…') skillLine.textContent = 'No skill ran';
    if (typeof data.reply === 'string' && data.reply.trim() !== '') setAnswer(data.reply);
    for (const { line, state } of tools.values()) {
      if (line.dataset.state !== 'running') continue;
      line.dataset.state = 'unfinished';
      state.textContent = 'did not finish';
    }
    const reason =
      typeof data.reason === 'string' && data.reason && value !== 'completed' ? `: ${data.reason}` : '';
    const time = data.restored ? '' : ` in ${seconds(Date.now() - startedAt)}`;
    status.textContent = `${label}${reason}${value === 'completed' ? time : ''}`;
    status.className = `turn-status ${known ? value : 'failed'}`;
    status.dataset.status = known ? value : 'failed';
    updateProgress();
  }

  /** @param {string} text */
  let streamed = '';

  function setAnswer(text) {
    answer.textContent = text;
    answer.hidden = false;
  }

  return {
    element,
    /** @param {string} event @param {Payload} data */
    apply(event, data) {
      if (ended) return;
      switch (event) {
        case 'session':
          if (data.state === 'queued' && !stopRequested) {
            status.dataset.phase = 'queued';
            status.textContent = 'Waiting for a free slot…';
          }
          break;
        case 'skill-selected':
          status.dataset.phase = 'running';
          skillLine.textContent =
            typeof data.skill === 'string' && data.skill ? `Skill: ${data.skill}` : 'No skill matched';
          break;
        case 'tool-call':
          toolCall(data);
          break;
        case 'tool-result':
          toolResult(data);
          break;
        case 'api-call':
          counts.apiCalls += 1;
          break;
        case 'egress-denied':
          denied(data);
          break;
        case 'progress':
          if (typeof data.toolCalls === 'number') counts.calls = Math.max(counts.calls, data.toolCalls);
          // The text of a step that asked for tools was a preface, not the answer.
          streamed = '';
          answer.hidden = true;
          break;
        case 'text':
          // The model's words as they come; the assistant-message replaces them with the whole answer.
          if (typeof data.text === 'string') {
            streamed += data.text;
            setAnswer(streamed);
          }
          break;
        case 'assistant-message':
          if (typeof data.text === 'string') setAnswer(data.text);
          break;
        case 'session-interrupted':
          stopRequested = true;
          status.textContent = `Stopping: ${String(data.reason || 'interrupted')}…`;
          break;
        case 'turn-end':
          end(data);
          return;
        default:
          return;
      }
      updateProgress();
    },
    /** Ends the turn as failed on the client's side (an HTTP error, a lost connection). @param {string} reason */
    fail(reason) {
      if (!ended) end({ status: 'failed', reason });
    },
    stopping() {
      if (ended || stopRequested) return;
      stopRequested = true;
      status.textContent = 'Stopping…';
    },
    /** A remark under the turn (a stop that could not be sent). @param {string} text */
    note(text) {
      agent.insertBefore(node('p', 'turn-note', text), status);
    },
    statusText() {
      return status.textContent ?? '';
    },
  };
}

/**
 * @param {string} tag
 * @param {string} className
 * @param {string} [text]
 */
function node(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A tool's input in one short line: `id=NWC-PO-11001 status=issued`. */
function summarizeInput(input) {
  if (!input || typeof input !== 'object') return '';
  const parts = Object.entries(input).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  const line = parts.join(' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function describe(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'message' in value) return String(value.message);
  return JSON.stringify(value);
}

/** @param {number} ms */
function milliseconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** @param {number} ms */
function seconds(ms) {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
