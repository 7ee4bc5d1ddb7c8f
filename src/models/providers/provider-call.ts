import { AppError } from '../../errors/index.ts';
import type { ConverseOptions } from '../model-types.ts';
import { createRecordingFetch } from './recording-fetch.ts';

export interface ProviderCallOptions<Result> {
  /** The provider as messages name it. */
  provider: string;
  converse: ConverseOptions;
  /** The whole call's deadline, retries and stream included. */
  timeoutMs: number;
  /** The fetch that really sends; default the global one. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Names of the credentials in recorded headers, by lower-case header name. */
  credentialIds: Readonly<Record<string, string>>;
  /** Makes the SDK call with the recording fetch and a signal that stops it (abort, deadline, hook failure). */
  run(call: { fetch: typeof globalThis.fetch; signal: AbortSignal }): Promise<Result>;
  /** The AppError for whatever the SDK or the answer's translation threw. */
  toAppError(error: unknown): AppError;
}

/**
 * One provider call with its attempts recorded. Resolves once the answer is read and every attempt's
 * reply has been handed to `onProviderResponse`. As soon as the caller's signal aborts (also during
 * the SDK's wait between retries) it rejects with the signal's reason, once the aborted attempt's
 * partial reply is recorded; past the deadline, with a retryable `unavailable`; when a hook failed,
 * with the hook's failure; otherwise with `toAppError(error)`.
 */
export async function callProvider<Result>(options: ProviderCallOptions<Result>): Promise<Result> {
  const { signal } = options.converse;
  signal.throwIfAborted();
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const stop = AbortSignal.any([signal, deadline]);
  const recorder = createRecordingFetch({
    fetch: options.fetch,
    onProviderRequest: options.converse.onProviderRequest,
    onProviderResponse: options.converse.onProviderResponse,
    credentialIds: options.credentialIds,
  });
  let result: Result;
  try {
    const work = options.run({ fetch: recorder.fetch, signal: AbortSignal.any([stop, recorder.signal]) });
    result = await untilAborted(work, stop);
  } catch (error) {
    let hookFailure: { error: unknown } | undefined;
    await recorder.settled().catch((failure: unknown) => {
      hookFailure = { error: failure };
    });
    if (signal.aborted) throw signal.reason;
    if (deadline.aborted) throw timedOut(options.provider, options.timeoutMs);
    if (hookFailure) throw hookFailure.error;
    throw options.toAppError(error);
  }
  await recorder.settled();
  return result;
}

function timedOut(provider: string, timeoutMs: number): AppError {
  return new AppError('unavailable', `${provider} did not finish the answer within ${timeoutMs / 1000} s.`, {
    retryable: true,
    details: { provider, timeoutMs },
  });
}

/** `work`, or the signal's reason as soon as it aborts (`work` is then left to fail on its own). */
function untilAborted<Result>(work: Promise<Result>, signal: AbortSignal): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
