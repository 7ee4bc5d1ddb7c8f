/**
 * Why an event fails verification:
 * - `hash-mismatch`: its content (payload, ts, type...) or its hash was edited;
 * - `broken-link`: its prevHash is not the previous event's hash (an event was deleted or inserted);
 * - `seq-gap`: it links to the previous event but its seq skips ahead;
 * - `seq-order`: events are out of order (its predecessor is stored after it, or its seq goes back);
 * - `session-mismatch`: it belongs to another session (a row copied across sessions);
 * - `head-mismatch`: the session head the store recorded is not the last event (a truncated tail);
 * - `session-deleted`: a checkpoint sealed a session the store no longer has;
 * - `checkpoint-mismatch`: a session no longer holds the head a checkpoint sealed (its tail was
 *   truncated or rewritten after the checkpoint);
 * - `checkpoint-hash-mismatch`: a checkpoint's content (leaves, root, ts...) or hash was edited;
 * - `checkpoint-broken-link`: a checkpoint does not follow the one before it (one was deleted,
 *   inserted or renumbered), or an expected checkpoint is not in the store;
 * - `checkpoint-replayed`: a checkpoint seals older heads than the one before it (an old checkpoint
 *   presented again as new);
 * - `checkpoint-signature`: a checkpoint is unsigned or its signature does not verify with the key.
 */
export type VerifyFailureReason =
  | 'hash-mismatch'
  | 'broken-link'
  | 'seq-gap'
  | 'seq-order'
  | 'session-mismatch'
  | 'head-mismatch'
  | 'session-deleted'
  | 'checkpoint-mismatch'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-broken-link'
  | 'checkpoint-replayed'
  | 'checkpoint-signature';

export type VerifyResult =
  | { ok: true; sessions: number; events: number; checkpoints?: number }
  | {
      ok: false;
      /** The session at fault; '' when the fault is in the checkpoint chain itself. */
      sessionId: string;
      /** The first bad event's seq (0 when the fault is a checkpoint's). */
      seq: number;
      /** The checkpoint at fault or whose seal was broken. */
      checkpointSeq?: number;
      reason: VerifyFailureReason;
      message: string;
    };

export type VerifyFailure = Extract<VerifyResult, { ok: false }>;
