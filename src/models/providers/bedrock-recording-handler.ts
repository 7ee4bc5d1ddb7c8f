import { pipeline, type Readable, Transform } from 'node:stream';
import {
  buildQueryString,
  type HttpHandler,
  type HttpRequest,
  type HttpResponse,
} from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, NodeHttpHandlerOptions } from '@smithy/types';
import { credentialId, redactHeaders } from '../../audit/redact.ts';
import type { ProviderCall, ProviderReply } from '../model-types.ts';

/** The hooks of one `converse` call, called for each attempt the SDK makes (its retries included). */
export interface ProviderHooks {
  onProviderRequest?(call: ProviderCall): Promise<void>;
  onProviderResponse?(reply: ProviderReply): Promise<void>;
}

/** What one tracked call recorded. */
export interface CallRecording {
  /** Attempts sent so far. */
  readonly attempts: number;
  /** The first error a hook threw (the attempt then fails with it), or undefined. */
  readonly hookError: unknown;
  /** Stops reading every answer still open; its reply is recorded with `complete: false`. */
  abandon(reason?: Error): void;
  /** Resolves once the reply of every attempt sent so far has been handed to `onProviderResponse`. */
  settled(): Promise<void>;
  /** Forgets the call: later requests with its signal are no longer recorded. */
  end(): void;
}

export interface BedrockRecordingHandler extends HttpHandler<NodeHttpHandlerOptions> {
  /**
   * Records the attempts of the call whose `send` passes `signal` as its `abortSignal` (the SDK hands
   * that same signal to the handler for every attempt, which is how attempts find their call).
   */
  track(signal: AbortSignal, hooks: ProviderHooks): CallRecording;
}

export interface BedrockRecordingHandlerOptions {
  /** The handler that does the HTTP; default a `NodeHttpHandler` (HTTP/1.1, keep-alive). */
  inner?: HttpHandler<NodeHttpHandlerOptions>;
  /** Time to open a connection before the attempt fails; default 10 000 ms. */
  connectionTimeoutMs?: number;
}

/**
 * A request handler for the Bedrock client that records each attempt exactly as sent and received:
 * it awaits `onProviderRequest` (method, url, redacted headers, exact body) before sending, then
 * passes the answer's body through a tee and, once it has been read to its end (or stopped early),
 * calls `onProviderResponse` with the raw bytes as base64. Attempts of one call are recorded in
 * order: an attempt is sent only after the previous attempt's reply has been recorded.
 */
export function createBedrockRecordingHandler(
  options: BedrockRecordingHandlerOptions = {},
): BedrockRecordingHandler {
  const inner =
    options.inner ?? new NodeHttpHandler({ connectionTimeout: options.connectionTimeoutMs ?? 10_000 });
  const calls = new WeakMap<object, TrackedCall>();

  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle(request: HttpRequest, handlerOptions?: HttpHandlerOptions) {
      const call = handlerOptions?.abortSignal ? calls.get(handlerOptions.abortSignal) : undefined;
      if (!call) return inner.handle(request, handlerOptions);
      return call.attempt(request, () => inner.handle(request, handlerOptions));
    },
    track(signal, hooks) {
      const call = createTrackedCall(signal, hooks, () => calls.delete(signal));
      calls.set(signal, call);
      return call;
    },
    updateHttpClientConfig(key, value) {
      inner.updateHttpClientConfig(key, value);
    },
    httpHandlerConfigs() {
      return inner.httpHandlerConfigs();
    },
    destroy() {
      inner.destroy?.();
    },
  };
}

interface TrackedCall extends CallRecording {
  attempt(
    request: HttpRequest,
    send: () => Promise<{ response: HttpResponse }>,
  ): Promise<{ response: HttpResponse }>;
}

function createTrackedCall(signal: AbortSignal, hooks: ProviderHooks, forget: () => void): TrackedCall {
  let attempts = 0;
  let hookError: unknown;
  let lastReply: Promise<void> = Promise.resolve();
  const openBodies = new Set<Transform>();

  async function deliver(reply: ProviderReply): Promise<void> {
    try {
      await hooks.onProviderResponse?.(reply);
    } catch (error) {
      hookError ??= error;
    }
  }

  function teeBody(attempt: number, response: HttpResponse): Promise<void> {
    const source = response.body as Readable | undefined;
    const base = { attempt, status: response.statusCode, headers: recordResponseHeaders(response.headers) };
    if (!source || typeof source.pipe !== 'function') {
      return deliver({ ...base, body: '', bodyEncoding: 'base64', complete: true });
    }
    const chunks: Buffer[] = [];
    const tee = new Transform({
      transform(chunk: Buffer | string, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback(null, chunk);
      },
    });
    response.body = tee;
    openBodies.add(tee);
    const onAbort = () => tee.destroy(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    let ended = false;
    tee.once('end', () => {
      ended = true;
    });
    pipeline(source, tee, () => {});
    return new Promise((resolve) => {
      tee.once('close', () => {
        signal.removeEventListener('abort', onAbort);
        openBodies.delete(tee);
        const body = Buffer.concat(chunks).toString('base64');
        resolve(deliver({ ...base, body, bodyEncoding: 'base64', complete: ended }));
      });
    });
  }

  return {
    get attempts() {
      return attempts;
    },
    get hookError() {
      return hookError;
    },
    async attempt(request, send) {
      attempts += 1;
      const attempt = attempts;
      await lastReply;
      // The previous reply could not be recorded: send nothing more.
      if (hookError !== undefined) throw hookError;
      try {
        await hooks.onProviderRequest?.(recordCall(attempt, request));
      } catch (error) {
        hookError ??= error;
        throw error;
      }
      let output: { response: HttpResponse };
      try {
        output = await send();
      } catch (error) {
        // No answer at all (connection refused, aborted before the headers): status 0, empty body.
        lastReply = deliver({
          attempt,
          status: 0,
          headers: {},
          body: '',
          bodyEncoding: 'base64',
          complete: false,
        });
        throw error;
      }
      lastReply = teeBody(attempt, output.response);
      return output;
    },
    abandon(reason) {
      for (const tee of openBodies) tee.destroy(reason ?? new Error('The answer was abandoned.'));
    },
    settled() {
      return lastReply;
    },
    end: forget,
  };
}

function recordCall(attempt: number, request: HttpRequest): ProviderCall {
  const query = request.query ? buildQueryString(request.query) : '';
  const port = request.port ? `:${request.port}` : '';
  const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
  return {
    attempt,
    method: request.method,
    url,
    headers: recordRequestHeaders(request.headers),
    body: bodyText(request.body),
  };
}

/**
 * Request headers fit for the audit log: the SigV4 `Authorization` (or a Bedrock API key sent as a
 * bearer token) and the session token become credential ids; `x-amz-date` and the rest stay.
 */
export function recordRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const withoutSessionToken: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    withoutSessionToken[name] =
      name.toLowerCase() === 'x-amz-security-token' ? credentialId('aws-session-token', value) : value;
  }
  const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const label = authorization && /^bearer\s/i.test(authorization) ? 'bedrock-api-key' : 'aws-sigv4';
  return flatten(redactHeaders(withoutSessionToken, { authorization: label }));
}

function recordResponseHeaders(headers: Record<string, string>): Record<string, string> {
  return flatten(redactHeaders(headers));
}

function flatten(headers: Record<string, string | string[]>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // A view on the same bytes: the SDK's JSON body is a Uint8Array subclass that warns on string use.
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return '[stream body not recorded]';
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The call was aborted.');
}
