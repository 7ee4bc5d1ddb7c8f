import type { AuditEvent, AuditEventType, AuditLog } from '../audit/event-types.ts';
import { auditSchemaVersion } from '../audit/sqlite-schema.ts';
import { AppError } from '../errors/index.ts';
import { missingScopes, type Skill } from '../skills/index.ts';
import { abortReason } from './abort-reason.ts';
import { conversationFromEvents } from './conversation.ts';
import { routeSkill } from './route-skill.ts';
import { runSkillInCell } from './run-skill-in-cell.ts';
import { turnReplies } from './turn-replies.ts';
import type { TurnRequest, TurnResult, TurnRuntime } from './turn-types.ts';

/**
 * One turn of a session: record the supplier's message, pick the skill (routing on the host, or
 * the caller's choice), check the user's scopes, then run the skill's tool-use loop in a fresh cell
 * behind the session's broker. The audit log is the session's state: the conversation of earlier
 * turns is rebuilt from it, so any process (or node) can run the next turn.
 */
export async function runTurn(runtime: TurnRuntime, request: TurnRequest): Promise<TurnResult> {
  const { sessionId } = request;
  const audit = observedLog(runtime.audit, request.onEvent);
  const record = (type: AuditEventType, payload: Record<string, unknown>) =>
    audit.append(sessionId, { type, payload });
  const earlier = await runtime.audit.events(sessionId);
  if (earlier.length === 0) {
    await record('session-start', {
      tenantId: request.tenantId,
      userId: request.user.id,
      format: auditSchemaVersion,
    });
  } else if (earlier[0]?.payload.tenantId !== request.tenantId) {
    // Another tenant's session is indistinguishable from a missing one.
    throw new AppError('not_found', `No session ${sessionId}.`);
  }
  const conversation = conversationFromEvents(earlier);
  for (const event of request.channelEvents ?? []) await record(event.type, event.payload);
  // The scopes decide which tools are offered: a re-run needs them to offer the same.
  await record('user-message', {
    text: request.message,
    userId: request.user.id,
    scopes: [...request.user.scopes],
  });
  const signal = request.signal ?? new AbortController().signal;
  const end = async (result: Omit<TurnResult, 'sessionId'>, assistantText?: string): Promise<TurnResult> => {
    if (assistantText !== undefined)
      await record('assistant-message', { text: assistantText, source: 'host' });
    await record('turn-end', {
      status: result.status,
      ...(result.skill ? { skill: result.skill } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    });
    return { sessionId, ...result };
  };

  try {
    return await runChosenSkill(runtime, request, audit, conversation, signal, end);
  } catch (error) {
    if (signal.aborted) {
      // Stopped before a cell ran (routing): the broker did not record it, so the turn does.
      const reason = abortReason(signal);
      await record('session-interrupted', { reason, inFlight: [{ kind: 'model', target: 'routing' }] });
      return end({ status: 'interrupted', reply: '', reason });
    }
    // Whatever failed (a model provider, the pool), the turn ends on the record, as failed.
    const reason = error instanceof Error ? error.message : String(error);
    return end({ status: 'failed', reply: turnReplies.failed, reason });
  }
}

async function runChosenSkill(
  runtime: TurnRuntime,
  request: TurnRequest,
  audit: AuditLog,
  conversation: ReturnType<typeof conversationFromEvents>,
  signal: AbortSignal,
  end: (result: Omit<TurnResult, 'sessionId'>, assistantText?: string) => Promise<TurnResult>,
): Promise<TurnResult> {
  const chosen = await chooseSkill(runtime, request, audit, conversation, signal);
  if (!chosen.skill) {
    const reply = labelled(runtime, turnReplies.noSkill(chosen.reason.replace(/^\[demo model\]\s*/, '')));
    return end({ status: 'completed', reply }, reply);
  }
  const skill = chosen.skill;
  const lacking = missingScopes(skill, request.user.scopes);
  if (lacking.length > 0) {
    const reply = turnReplies.missingScopes(skill.name, lacking);
    return end({ status: 'completed', skill: skill.name, reply, reason: 'missing scopes' }, reply);
  }
  const outcome = await runSkillInCell(runtime, request, audit, skill, conversation);
  return end({ skill: skill.name, ...outcome });
}

async function chooseSkill(
  runtime: TurnRuntime,
  request: TurnRequest,
  audit: AuditLog,
  conversation: ReturnType<typeof conversationFromEvents>,
  signal: AbortSignal,
): Promise<{ skill: Skill | undefined; reason: string }> {
  if (request.skill !== undefined) {
    const skill = runtime.skills.require(request.skill);
    await audit.append(request.sessionId, {
      type: 'skill-selected',
      payload: { skill: skill.name, reason: 'chosen by the caller', by: 'caller' },
    });
    return { skill, reason: 'chosen by the caller' };
  }
  const decision = await routeSkill({
    audit,
    sessionId: request.sessionId,
    model: runtime.model,
    skills: runtime.skills.all(),
    conversation,
    message: request.message,
    signal,
  });
  await audit.append(request.sessionId, {
    type: 'skill-selected',
    payload: {
      skill: decision.skill?.name ?? null,
      reason: decision.reason,
      by: 'router',
      model: runtime.model.id,
    },
  });
  return decision;
}

function labelled(runtime: TurnRuntime, text: string): string {
  return runtime.model.demo ? `[demo model] ${text}` : text;
}

/** The log, also telling `onEvent` of every event once it is durable. */
function observedLog(audit: AuditLog, onEvent: ((event: AuditEvent) => void) | undefined): AuditLog {
  if (!onEvent) return audit;
  return {
    ...audit,
    events: (sessionId, range) => audit.events(sessionId, range),
    async append(sessionId, input) {
      const event = await audit.append(sessionId, input);
      try {
        onEvent(event);
      } catch {
        // A listener that went away must not fail the turn.
      }
      return event;
    },
    close: () => audit.close(),
  };
}
