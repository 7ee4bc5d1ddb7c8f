import OpenAI, { APIConnectionError, APIError } from 'openai';
import { AppError, isAppError } from '../../errors/index.ts';
import type { ModelAdapter } from '../model-types.ts';
import { createOpenAiAnswer, openAiProvider } from './openai-answer.ts';
import { callProvider } from './provider-call.ts';
import { providerError, providerUnreachable, unexpectedFailure } from './provider-error.ts';
import { type MaxTokensParameter, toOpenAiParams } from './translate-openai.ts';

export interface OpenAiAdapterOptions {
  /** The model name as the endpoint knows it (`gpt-5.1`, `llama3.1:8b`...). */
  model: string;
  /** Sent as `Authorization: Bearer KEY`; a local server that needs none takes any value. */
  apiKey: string;
  /** Default `https://api.openai.com/v1`; the environment is never read for it. */
  baseURL?: string;
  /** Retries of a failed attempt (429, 408, 409, 5xx, connection errors), with backoff. Default 2. */
  maxRetries?: number;
  /** How long the whole call may take, retries and stream included; then `unavailable`. Default 5 minutes. */
  timeoutMs?: number;
  /** The body field of the output token limit. Default `max_completion_tokens`; older servers want `max_tokens`. */
  maxTokensParameter?: MaxTokensParameter;
  /** The fetch that really sends; default the global one. */
  fetch?: typeof globalThis.fetch;
}

const defaultTimeoutMs = 5 * 60 * 1000;
const defaultBaseURL = 'https://api.openai.com/v1';

/**
 * Any OpenAI-compatible Chat Completions endpoint (`POST {baseURL}/chat/completions`, streamed) behind
 * the official SDK: OpenAI, vLLM, Ollama. Every attempt is recorded through the converse hooks with the
 * key replaced by `credential:openai-api-key:...`.
 */
export function createOpenAiAdapter(options: OpenAiAdapterOptions): ModelAdapter {
  if (options.apiKey === '') throw new AppError('invalid_argument', 'The OpenAI adapter needs an API key.');
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const clientOptions = {
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? defaultBaseURL,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: options.maxRetries ?? 2,
    logLevel: 'off',
    timeout: timeoutMs,
  } as const;
  return {
    id: `openai:${options.model}`,
    demo: false,
    converse(request, converse) {
      return callProvider({
        provider: openAiProvider,
        converse,
        timeoutMs,
        fetch: options.fetch,
        credentialIds: { authorization: 'openai-api-key', 'api-key': 'openai-api-key' },
        async run({ fetch, signal }) {
          const client = new OpenAI({ ...clientOptions, fetch });
          const params = toOpenAiParams(options.model, request, options.maxTokensParameter);
          const stream = await client.chat.completions.create(params, { signal });
          const answer = createOpenAiAnswer({
            onTextDelta: converse.onTextDelta,
            requestBody: JSON.stringify(params),
          });
          for await (const chunk of stream) answer.accept(chunk);
          return answer.finish();
        },
        toAppError: openAiError,
      });
    },
  };
}

function openAiError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof APIConnectionError) return providerUnreachable(openAiProvider, error);
  if (error instanceof APIError) {
    const body = (error.error ?? {}) as { message?: unknown };
    return providerError(
      {
        provider: openAiProvider,
        status: error.status,
        type: error.type ?? (typeof error.code === 'string' ? error.code : undefined),
        message: typeof body.message === 'string' ? body.message : undefined,
        requestId: error.requestID ?? undefined,
      },
      error,
    );
  }
  return unexpectedFailure(openAiProvider, error);
}
