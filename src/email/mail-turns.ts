import type { AuditEventInput } from '../audit/event-types.ts';
import { AppError, isAppError } from '../errors/index.ts';
import type { TenantContext } from '../identity/tenant-context.ts';
import type { SessionManager, TurnHandle } from '../sessions/session-manager-types.ts';
import { turnReplies } from '../sessions/turn-replies.ts';
import type { TurnResult } from '../sessions/turn-types.ts';
import { channelTexts } from './channel-texts.ts';
import type { EmailSender, InboundOutcome } from './email-types.ts';
import type { MailReplies } from './mail-replies.ts';
import type { ParsedEmail } from './parse-email.ts';
import type { SessionLanes } from './session-lanes.ts';
import type { ThreadStore } from './thread-store.ts';

/** The reason a STOP reply interrupts with; the answer to the stopped turn says so. */
export const stopReason = 'stopped by an e-mail reply (STOP)';

/** One e-mail that becomes a turn. */
export interface MailTurnRequest {
  sender: EmailSender;
  context: TenantContext;
  parsed: ParsedEmail;
  message: string;
  skill?: string | undefined;
  /** Continue this session (the thread's); undefined: a new one. */
  sessionId?: string | undefined;
  /** The `email-received` event, recorded right before the turn's user message. */
  received: AuditEventInput;
}

export interface MailTurnsOptions {
  sessions: SessionManager;
  replies: MailReplies;
  threads: ThreadStore;
  lanes: SessionLanes;
  /**
   * Records the `email-received` of a message whose turn has to wait behind another, when it
   * arrives (its turn then records no channel event). Never rejects.
   */
  recordReceived(sessionId: string, event: AuditEventInput): Promise<void>;
  /** A turn still running after this long gets one acknowledgement. */
  ackDelayMs: number;
  /** Keeps work in flight known, so the channel can wait for it. */
  track(work: Promise<void>): void;
}

export interface MailTurns {
  /**
   * Starts the turn now, or queues it behind the session's running e-mail turn. Answers by mail
   * once it ends (one acknowledgement first when it runs long). `deferred` when admission is full
   * or the platform is closing, so the sender's server retries.
   */
  start(request: MailTurnRequest): Promise<InboundOutcome>;
}

export function createMailTurns(options: MailTurnsOptions): MailTurns {
  const { sessions, replies, threads, lanes } = options;

  const remember = (request: MailTurnRequest, sessionId: string) => {
    if (!request.parsed.messageId) return;
    threads.remember({
      messageId: request.parsed.messageId,
      sessionId,
      tenantId: request.sender.tenantId,
      userId: request.sender.userId,
      direction: 'in',
    });
  };

  const startTurn = (request: MailTurnRequest, channelEvents: AuditEventInput[]) =>
    sessions.startTurn({
      context: request.context,
      message: request.message,
      channelEvents,
      ...(request.sessionId === undefined ? {} : { sessionId: request.sessionId }),
      ...(request.skill === undefined ? {} : { skill: request.skill }),
    });

  async function deliver(handle: TurnHandle, request: MailTurnRequest): Promise<void> {
    const { sender, parsed } = request;
    let acknowledged: Promise<void> | undefined;
    const timer = setTimeout(() => {
      acknowledged = replies.answer(
        handle.sessionId,
        sender,
        parsed,
        'acknowledgement',
        channelTexts.acknowledgement(parsed.subject),
      );
    }, options.ackDelayMs);
    const result = await handle.result;
    clearTimeout(timer);
    await acknowledged;
    await replies.answer(handle.sessionId, sender, parsed, 'reply', replyText(result));
  }

  /** A turn that waited in its lane: a refusal now can only be told by mail. */
  async function runQueued(request: MailTurnRequest): Promise<void> {
    let handle: TurnHandle;
    try {
      handle = await startTurn(request, []);
    } catch (error) {
      const notice = noticeFor(error) ?? channelTexts.overloaded;
      await replies.answer(request.sessionId, request.sender, request.parsed, 'notice', notice);
      return;
    }
    await deliver(handle, request);
  }

  async function start(request: MailTurnRequest): Promise<InboundOutcome> {
    const { sessionId } = request;
    if (sessionId !== undefined && lanes.busy(sessionId)) {
      // Queued synchronously (the lane may free up meanwhile); it runs once its arrival is recorded.
      const recorded = options.recordReceived(sessionId, {
        ...request.received,
        payload: { ...request.received.payload, action: 'queued' },
      });
      lanes.enqueue(sessionId, () => {
        const work = recorded.then(() => runQueued(request));
        options.track(work);
        return work;
      });
      remember(request, sessionId);
      await recorded;
      return { kind: 'accepted', sessionId, note: 'queued behind the running request' };
    }
    const hold = sessionId === undefined ? undefined : lanes.hold(sessionId);
    let handle: TurnHandle;
    try {
      handle = await startTurn(request, [request.received]);
    } catch (error) {
      hold?.release();
      if (isAppError(error) && error.code === 'not_found' && sessionId !== undefined) {
        // The thread's session is gone (another data dir's audit): start afresh.
        return start({ ...request, sessionId: undefined });
      }
      if (isAppError(error) && ['rate_limited', 'unavailable'].includes(error.code)) {
        return { kind: 'deferred', message: error.message };
      }
      const notice = noticeFor(error);
      if (notice === undefined) throw error;
      const work = replies.answer(sessionId, request.sender, request.parsed, 'notice', notice);
      options.track(work);
      await work;
      return { kind: 'accepted', note: notice };
    }
    remember(request, handle.sessionId);
    const work = deliver(handle, request);
    options.track(work);
    (hold ?? lanes.hold(handle.sessionId)).attach(work);
    return { kind: 'accepted', sessionId: handle.sessionId, note: `turn ${handle.state}` };
  }

  return { start };
}

/** What the sender reads when a turn could not start; undefined for an unexpected error. */
function noticeFor(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  switch (error.code) {
    case 'conflict':
      return channelTexts.busyElsewhere;
    case 'tenant_suspended':
      return channelTexts.suspended;
    case 'rate_limited':
      return channelTexts.overloaded;
    case 'unavailable':
      return channelTexts.restarting;
    default:
      return undefined;
  }
}

function replyText(result: TurnResult): string {
  if (result.status === 'interrupted') {
    return result.reason === stopReason
      ? channelTexts.stopped
      : turnReplies.interrupted(result.reason ?? 'interrupted');
  }
  if (result.status === 'failed') return result.reply || turnReplies.failed;
  return result.reply.trim() || 'The request ended without an answer.';
}
