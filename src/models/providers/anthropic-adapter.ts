import Anthropic, { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { AppError, isAppError } from '../../errors/index.ts';
import type { ModelAdapter } from '../model-types.ts';
import { anthropicProvider, createAnthropicAnswer } from './anthropic-answer.ts';
import { callProvider } from './provider-call.ts';
import { providerError, providerUnreachable, unexpectedFailure } from './provider-error.ts';
import { toAnthropicParams } from './translate-anthropic.ts';

export interface AnthropicAdapterOptions {
  /** The model name as the API knows it (`claude-sonnet-4-5`). */
  model: string;
  apiKey: string;
  /** Default `https://api.anthropic.com`; the environment is never read for it. */
  baseURL?: string;
  /** Retries of a failed attempt (429, 408, 409, 5xx, 529, connection errors), with backoff. Default 2. */
  maxRetries?: number;
  /** How long the whole call may take, retries and stream included; then `unavailable`. Default 5 minutes. */
  timeoutMs?: number;
  /** The fetch that really sends; default the global one. */
  fetch?: typeof globalThis.fetch;
}

const defaultTimeoutMs = 5 * 60 * 1000;
const defaultBaseURL = 'https://api.anthropic.com';

/**
 * The Anthropic Messages API (`POST /v1/messages`, streamed) behind the official SDK. Every attempt is
 * recorded through the converse hooks with the API key replaced by `credential:anthropic-api-key:...`.
 */
export function createAnthropicAdapter(options: AnthropicAdapterOptions): ModelAdapter {
  if (options.apiKey === '') {
    throw new AppError('invalid_argument', 'The Anthropic adapter needs an API key.');
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const clientOptions = {
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? defaultBaseURL,
    webhookKey: null,
    maxRetries: options.maxRetries ?? 2,
    logLevel: 'off',
    timeout: timeoutMs,
  } as const;
  return {
    id: `anthropic:${options.model}`,
    demo: false,
    converse(request, converse) {
      return callProvider({
        provider: anthropicProvider,
        converse,
        timeoutMs,
        fetch: options.fetch,
        credentialIds: { authorization: 'anthropic-api-key', 'x-api-key': 'anthropic-api-key' },
        async run({ fetch, signal }) {
          const client = new Anthropic({ ...clientOptions, fetch });
          const stream = await client.messages.create(toAnthropicParams(options.model, request), { signal });
          const answer = createAnthropicAnswer(converse.onTextDelta);
          for await (const event of stream) answer.accept(event);
          return answer.finish();
        },
        toAppError: anthropicError,
      });
    },
  };
}

function anthropicError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof APIConnectionError) return providerUnreachable(anthropicProvider, error);
  if (error instanceof APIError) {
    return providerError(
      {
        provider: anthropicProvider,
        status: error.status,
        type: error.type ?? undefined,
        message: error.apiMessage ?? undefined,
        requestId: error.requestID ?? undefined,
      },
      error,
    );
  }
  return unexpectedFailure(anthropicProvider, error);
}
