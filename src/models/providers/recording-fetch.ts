import { credentialId, redactHeaders } from '../../audit/redact.ts';
import type { ConverseOptions, ProviderCall, ProviderReply } from '../model-types.ts';

/**
 * Credential headers `redactHeaders` does not know: `api-key` (Azure OpenAI) and the Google style key.
 * Their values become credential ids here too.
 */
const extraCredentialHeaders: readonly string[] = ['api-key', 'x-goog-api-key'];

export interface RecordingFetchOptions {
  /** The fetch that really sends; default the global one. */
  fetch?: typeof globalThis.fetch;
  onProviderRequest?: ConverseOptions['onProviderRequest'];
  onProviderResponse?: ConverseOptions['onProviderResponse'];
  /** Names of the credentials headers carry, by lower-case header name (`{ authorization: 'openai-api-key' }`). */
  credentialIds?: Readonly<Record<string, string>>;
}

export interface RecordingFetch {
  /** Give this to the SDK (its `fetch` option). One call is one attempt. */
  readonly fetch: typeof globalThis.fetch;
  /** Aborts when a hook failed: the call must stop at once, and `settled()` rejects with the failure. */
  readonly signal: AbortSignal;
  /** Attempts sent so far. */
  attempts(): number;
  /** Resolves once every attempt's reply has been recorded; rejects with the first hook failure. */
  settled(): Promise<void>;
}

/**
 * A `fetch` that records each attempt for the audit log. Before sending it awaits `onProviderRequest`
 * with the exact method, url, headers (credentials replaced by ids) and body; a failing hook stops
 * the attempt, which is then never sent. The response goes back to the caller untouched while a tee
 * of its body is read to the end, then `onProviderResponse` gets the status, headers and whole raw
 * body. When the body stops early (abort, connection lost) or no response came at all (status 0), the
 * reply says `complete: false` and holds what arrived.
 */
export function createRecordingFetch(options: RecordingFetchOptions = {}): RecordingFetch {
  const send = options.fetch ?? globalThis.fetch;
  const credentialIds = options.credentialIds ?? {};
  const failed = new AbortController();
  const pending: Promise<void>[] = [];
  let attempts = 0;
  let failure: { error: unknown } | undefined;

  const fail = (error: unknown) => {
    failure ??= { error };
    failed.abort(error);
  };
  const reply = (recorded: ProviderReply): Promise<void> =>
    Promise.resolve(options.onProviderResponse?.(recorded)).catch(fail);

  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    attempts += 1;
    const attempt = attempts;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    try {
      const call: ProviderCall = {
        attempt,
        method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
        url: input instanceof Request ? input.url : String(input),
        headers: recordedHeaders(headers, credentialIds),
        body: bodyText(init?.body),
      };
      await options.onProviderRequest?.(call);
    } catch (error) {
      fail(error);
      throw error;
    }
    let response: Response;
    try {
      init?.signal?.throwIfAborted();
      response = await send(input, init);
    } catch (error) {
      pending.push(reply({ attempt, status: 0, headers: {}, body: '', complete: false }));
      throw error;
    }
    const answer = {
      attempt,
      status: response.status,
      headers: recordedHeaders(response.headers, credentialIds),
    };
    if (response.body === null) {
      pending.push(reply({ ...answer, body: '', complete: true }));
      return response;
    }
    const [forCaller, forRecord] = response.body.tee();
    pending.push(
      readToEnd(forRecord, init?.signal ?? undefined).then(({ body, complete }) =>
        reply({ ...answer, body, complete }),
      ),
    );
    return new Response(forCaller, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return {
    fetch: recordingFetch as typeof globalThis.fetch,
    signal: failed.signal,
    attempts: () => attempts,
    async settled() {
      for (let index = 0; index < pending.length; index += 1) await pending[index];
      if (failure) throw failure.error;
    },
  };
}

/** Reads a body to its end, or until `signal` aborts or the stream fails; never rejects. */
async function readToEnd(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<{ body: string; complete: boolean }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let stopped = false;
  const stop = () => {
    stopped = true;
    reader.cancel().catch(() => {});
  };
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      body += decoder.decode(value, { stream: true });
    }
  } catch {
    stopped = true;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  body += decoder.decode();
  return { body, complete: !stopped };
}

/** Headers as the audit log keeps them: credential values replaced by credential ids, one string each. */
function recordedHeaders(
  headers: Headers,
  credentialIds: Readonly<Record<string, string>>,
): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(redactHeaders(headers, credentialIds))) {
    const text = Array.isArray(value) ? value.join(', ') : value;
    const lower = name.toLowerCase();
    recorded[name] = extraCredentialHeaders.includes(lower)
      ? credentialId(credentialIds[lower] ?? lower, text)
      : text;
  }
  return recorded;
}

/** A request body as text. The SDKs send JSON strings; bytes are decoded as UTF-8. */
function bodyText(body: RequestInit['body']): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  if (ArrayBuffer.isView(body)) {
    return new TextDecoder().decode(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  }
  throw new TypeError('The recording fetch records text and byte bodies only, not streams or forms.');
}
