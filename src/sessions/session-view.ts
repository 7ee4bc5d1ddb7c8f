import type { AuditEvent } from '../audit/event-types.ts';
import type { TurnView } from './session-manager-types.ts';
import type { TurnStatus } from './turn-types.ts';

/** The turns of a session as its audit log tells them: message, skill, reply, how each ended. */
export function turnsFromEvents(events: readonly AuditEvent[]): TurnView[] {
  const turns: TurnView[] = [];
  let open: (Partial<TurnView> & { message: string; startedAt: string }) | undefined;
  for (const event of events) {
    const payload = event.payload;
    switch (event.type) {
      case 'user-message':
        open = {
          message: typeof payload.text === 'string' ? payload.text : '',
          startedAt: event.ts,
          reply: '',
        };
        break;
      case 'skill-selected':
        if (open && typeof payload.skill === 'string') open.skill = payload.skill;
        break;
      case 'assistant-message':
        if (open && typeof payload.text === 'string') open.reply = payload.text;
        break;
      case 'turn-end':
        if (!open) break;
        turns.push({
          status: (typeof payload.status === 'string' ? payload.status : 'failed') as TurnStatus,
          ...(open.skill === undefined ? {} : { skill: open.skill }),
          message: open.message,
          reply: open.reply ?? '',
          ...(typeof payload.reason === 'string' ? { reason: payload.reason } : {}),
          startedAt: open.startedAt,
          endedAt: event.ts,
        });
        open = undefined;
        break;
    }
  }
  return turns;
}
