import { createHash } from 'node:crypto';
import type { AuditEventInput, AuditLog } from '../audit/event-types.ts';
import { isAppError } from '../errors/index.ts';
import type { TenantContext } from '../identity/tenant-context.ts';
import type { SessionManager } from '../sessions/session-manager-types.ts';
import { domainOf } from './alignment.ts';
import { triageAttachments } from './attachments.ts';
import { type ReceivedAction, receivedPayload } from './audit-payloads.ts';
import { channelTexts } from './channel-texts.ts';
import { composeUserMessage } from './compose-user-message.ts';
import type {
  AuthenticationVerdict,
  EmailSender,
  InboundEmail,
  InboundOutcome,
  RefusalReason,
} from './email-types.ts';
import { createMailReplies, type EmailLog } from './mail-replies.ts';
import { createMailTurns, stopReason } from './mail-turns.ts';
import type { Outbound } from './outbound.ts';
import { type ParsedEmail, parseEmail } from './parse-email.ts';
import { isStopCommand, stripQuotedText } from './reply-text.ts';
import type { SenderAuthenticator } from './sender-authentication.ts';
import type { SenderDirectory } from './sender-directory.ts';
import { createSessionLanes } from './session-lanes.ts';
import type { ThreadStore } from './thread-store.ts';

export interface EmailChannelOptions {
  sessions: SessionManager;
  /** Where `email-sent` (and the `email-received` of messages that run no turn at once) are recorded. */
  audit: Pick<AuditLog, 'append'>;
  directory: SenderDirectory;
  authenticator: SenderAuthenticator;
  threads: ThreadStore;
  outbound: Outbound;
  log: EmailLog;
  /** A turn still running this long gets one acknowledgement. */
  ackDelayMs: number;
  /** Largest CSV content given to the model, all attachments together. */
  csvMaxBytes: number;
  /** The skill a message with a CSV attachment runs. Default `catalog-enrichment`. */
  csvSkill?: string;
}

/** The e-mail adapter in front of the session manager: same sessions, skills, cells and audit. */
export interface EmailChannel {
  /** Decides on one message (authenticate, find the user and the thread) and starts its turn. */
  receive(email: InboundEmail): Promise<InboundOutcome>;
  /** Resolves once every turn started by mail has ended and its answer has been sent. */
  idle(): Promise<void>;
  /** Takes no more mail (`deferred`) and waits for the answers in flight. */
  close(): Promise<void>;
}

/**
 * Inbound mail to sessions: a message from an authenticated supplier user starts a session, a reply
 * in its thread continues it, a reply of `STOP` interrupts it. Anything unauthenticated or from an
 * unknown address is refused with the same bounce and recorded for operators; no session exists
 * for it. Answers go back in the thread (see `mail-turns.ts`).
 */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const { sessions, threads, log } = options;
  const csvSkill = options.csvSkill ?? 'catalog-enrichment';
  const lanes = createSessionLanes();
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.catch(() => {}).then(() => inFlight.delete(work));
  };
  const record = async (sessionId: string, event: AuditEventInput) => {
    try {
      await options.audit.append(sessionId, event);
    } catch (error) {
      log.warn(`email: could not record ${event.type} in ${sessionId}: ${(error as Error).message}`);
    }
  };
  const replies = createMailReplies({ outbound: options.outbound, audit: options.audit, threads, log });
  const turns = createMailTurns({
    sessions,
    replies,
    threads,
    lanes,
    recordReceived: record,
    ackDelayMs: options.ackDelayMs,
    track,
  });
  let closing = false;

  /** Keeps a refused message's trace for operators: a refusal record and a log line, no session. */
  const noteRefusal = (
    email: InboundEmail,
    parsed: ParsedEmail | undefined,
    reason: RefusalReason,
    detail: string,
  ): void => {
    threads.recordRefusal({
      channel: email.channel,
      reason,
      detail,
      mailFrom: email.envelope.mailFrom ?? null,
      headerFrom: parsed?.fromAddress ?? null,
      messageId: parsed?.messageId ?? null,
      remoteAddress: email.envelope.remoteAddress ?? null,
      bytes: email.raw.length,
      sha256: createHash('sha256').update(email.raw).digest('hex'),
    });
    (reason === 'auto-submitted' ? log.info : log.warn)(
      `email: refused ${email.channel} message ${parsed?.messageId ?? '(no id)'} from ${parsed?.fromAddress ?? '(no from)'} ` +
        `(envelope ${email.envelope.mailFrom || '<>'}, client ${email.envelope.remoteAddress ?? 'unknown'}): ${reason}: ${detail}`,
    );
  };
  /** A permanent refusal; the bounce reads the same for every sender-related reason. */
  const refused = (reason: RefusalReason): InboundOutcome => ({
    kind: 'refused',
    reason,
    bounce: reason === 'malformed' ? channelTexts.malformed : channelTexts.bounce,
  });

  async function decide(email: InboundEmail): Promise<InboundOutcome> {
    let parsed: ParsedEmail;
    try {
      parsed = await parseEmail(email.raw);
    } catch (error) {
      noteRefusal(email, undefined, 'malformed', (error as Error).message);
      return refused('malformed');
    }
    if (email.envelope.mailFrom === '' || parsed.automatic) {
      noteRefusal(
        email,
        parsed,
        'auto-submitted',
        'automatic mail (null sender, Auto-Submitted or Precedence) is not answered',
      );
      return { kind: 'dropped', reason: 'automatic mail' };
    }
    // Every message is checked before its sender is looked up, so both refusals take the same path.
    const verdict = await options.authenticator.verify(email, parsed.fromAddress);
    const sender = parsed.fromAddress ? options.directory.find(parsed.fromAddress) : undefined;
    if (!verdict.passed && verdict.temporary) {
      log.warn(`email: deferred ${parsed.messageId ?? '(no id)'}: ${verdict.reason}`);
      return { kind: 'deferred', message: 'Sender authentication could not be completed; try again later.' };
    }
    if (!verdict.passed || !sender) {
      const reason = verdict.passed ? 'unknown-sender' : 'authentication-failed';
      const detail = verdict.passed
        ? `${parsed.fromAddress} is no supplier user`
        : (verdict.reason ?? 'not authenticated');
      noteRefusal(email, parsed, reason, detail);
      bounceByMail(email, parsed, verdict);
      return refused(reason);
    }
    return act(email, parsed, verdict, sender);
  }

  /**
   * Webhook mail was already accepted upstream, so a refusal can only be told by mail: only to a
   * return path whose domain passed SPF, so a forged sender gets no backscatter. SMTP refusals are
   * given in the protocol (the sending server bounces).
   */
  function bounceByMail(email: InboundEmail, parsed: ParsedEmail, verdict: AuthenticationVerdict): void {
    const to = parsed.returnPath ?? email.envelope.mailFrom;
    if (email.channel !== 'webhook' || !to || verdict.spf?.result !== 'pass') return;
    if (verdict.spf.domain && verdict.spf.domain !== domainOf(to)) return;
    track(replies.bounce(to, parsed, channelTexts.bounce));
  }

  async function act(
    email: InboundEmail,
    parsed: ParsedEmail,
    verdict: AuthenticationVerdict,
    sender: EmailSender,
  ): Promise<InboundOutcome> {
    const context: TenantContext = {
      tenantId: sender.tenantId,
      userId: sender.userId,
      scopes: sender.scopes,
      customers: [],
      operator: false,
    };
    const thread = threads.lookup(parsed.threadIds);
    // Someone else's thread (another user, another tenant) is not continued: it starts afresh.
    const own = thread && thread.tenantId === sender.tenantId && thread.userId === sender.userId;
    if (thread && !own) log.info(`email: ${parsed.messageId} refers to another user's thread; new session`);
    const sessionId = own ? thread.sessionId : undefined;
    const body = stripQuotedText(parsed.text);
    const triage = triageAttachments(parsed.attachments, { csvMaxBytes: options.csvMaxBytes });
    const received = (action: ReceivedAction) => ({
      type: 'email-received' as const,
      payload: receivedPayload(email, parsed, verdict, triage.summaries, action),
    });
    if (sessionId !== undefined && isStopCommand(body))
      return stop(sessionId, context, sender, parsed, received('stop'));

    const message = composeUserMessage({
      subject: parsed.subject,
      body,
      csv: triage.csv,
      newThread: !sessionId,
    });
    const notice =
      triage.refused.length > 0
        ? {
            reason: 'attachment-refused' as const,
            text: channelTexts.attachmentsRefused(triage.refused, options.csvMaxBytes),
          }
        : message === ''
          ? { reason: 'empty' as const, text: channelTexts.empty }
          : undefined;
    if (notice) {
      noteRefusal(
        email,
        parsed,
        notice.reason,
        triage.refused.map((entry) => entry.filename).join(', ') || 'no text',
      );
      if (sessionId !== undefined) await record(sessionId, received('notice'));
      const work = replies.answer(sessionId, sender, parsed, 'notice', notice.text);
      track(work);
      await work;
      return { kind: 'accepted', note: notice.reason };
    }
    return turns.start({
      sender,
      context,
      parsed,
      message,
      skill: triage.csv.length > 0 ? csvSkill : undefined,
      sessionId,
      received: received('turn'),
    });
  }

  async function stop(
    sessionId: string,
    context: TenantContext,
    sender: EmailSender,
    parsed: ParsedEmail,
    received: AuditEventInput,
  ): Promise<InboundOutcome> {
    const dropped = lanes.cancelPending(sessionId);
    let interrupted = false;
    try {
      interrupted = await sessions.interrupt(context, sessionId, stopReason);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'not_found') throw error;
    }
    await record(sessionId, received);
    if (parsed.messageId) {
      threads.remember({
        messageId: parsed.messageId,
        sessionId,
        tenantId: sender.tenantId,
        userId: sender.userId,
        direction: 'in',
      });
    }
    // A running turn answers "stopped" itself when it ends.
    if (!interrupted) {
      const text = dropped > 0 ? channelTexts.droppedQueued(dropped) : channelTexts.nothingToStop;
      const work = replies.answer(sessionId, sender, parsed, 'notice', text);
      track(work);
      await work;
    }
    return { kind: 'accepted', sessionId, note: interrupted ? 'interrupted' : 'nothing to stop' };
  }

  const idle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return {
    async receive(email) {
      if (closing) return { kind: 'deferred', message: 'The service is shutting down; try again later.' };
      const work = decide(email);
      track(work.then(() => {}));
      return work;
    },
    idle,
    async close() {
      closing = true;
      await idle();
    },
  };
}
