/**
 * How the recorded model and API tell the re-run what they saw: a request the record does not
 * have (a divergence), or the point where the recorded turn was interrupted (the interrupt is an
 * input of the session, delivered at the same point).
 */
export interface ReplayControl {
  divergence(message: string): void;
  interrupt(reason: string): void;
}

/** The recorded turn's interrupt reason, or a generic one. */
export function interruptReason(recorded: { reason: string } | undefined): string {
  return recorded?.reason || 'interrupted by the supplier';
}

/** Waits for the turn's signal to abort, then rejects with its reason (a held request). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () =>
      reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}
