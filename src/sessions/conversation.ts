import type { AuditEvent } from '../audit/event-types.ts';
import type { ModelMessage } from '../models/model-types.ts';

/**
 * The conversation of a session's earlier turns, rebuilt from its audit log: each turn's supplier
 * message and the assistant's final answer. A turn that ended without an answer (interrupted,
 * failed) is kept with a short note saying so, so the model knows its work may be partial, and
 * the roles keep alternating as providers require.
 */
export function conversationFromEvents(events: readonly AuditEvent[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  let open: { user: string; answer?: string } | undefined;
  const close = (note?: string) => {
    if (!open) return;
    messages.push({ role: 'user', content: [{ type: 'text', text: open.user }] });
    const text = open.answer ?? note ?? '[This turn ended without an answer.]';
    messages.push({
      role: 'assistant',
      content: [{ type: 'text', text: text === '' ? '[No answer.]' : text }],
    });
    open = undefined;
  };
  for (const event of events) {
    const payload = event.payload;
    if (event.type === 'user-message' && typeof payload.text === 'string') {
      close();
      open = { user: payload.text };
    } else if (event.type === 'assistant-message' && open && typeof payload.text === 'string') {
      open.answer = payload.text;
    } else if (event.type === 'turn-end' && open) {
      const status = typeof payload.status === 'string' ? payload.status : 'ended';
      const reason = typeof payload.reason === 'string' ? `: ${payload.reason}` : '';
      close(
        `[This turn was ${status}${reason}. Work it started may be partly done; check before repeating it.]`,
      );
    }
  }
  close();
  return messages;
}
