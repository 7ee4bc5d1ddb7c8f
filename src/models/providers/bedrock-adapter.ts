import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { ConfiguredRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import { AppError } from '../../errors/index.ts';
import type { ConverseOptions, ModelAdapter, ModelRequest, ModelResponse } from '../model-types.ts';
import { type CallRecording, createBedrockRecordingHandler } from './bedrock-recording-handler.ts';
import { toBedrockAppError } from './translate-bedrock-error.ts';
import { toConverseStreamInput } from './translate-bedrock-request.ts';
import { bedrockProvider, createConverseStreamReader } from './translate-bedrock-stream.ts';

export interface BedrockAdapterOptions {
  /** Model id, inference profile id or ARN, as Bedrock names it (`anthropic.claude-...`). */
  modelId: string;
  /** AWS region of the Bedrock runtime endpoint. */
  region: string;
  /**
   * Endpoint URL in place of the region's (a VPC endpoint, a local test server). Default: the SDK
   * resolves it (which honours `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`).
   */
  endpoint?: string;
  /** Static credentials. Default: the SDK's standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, the SDK's retries of throttling and transient errors included; default 3. */
  maxAttempts?: number;
  /** Longest one call may take, retries and streaming included; default 300 000 ms (5 minutes). */
  timeoutMs?: number;
  /**
   * Delay in ms before retry number `retry` (1 for the first). Default: the SDK's exponential backoff
   * with jitter (longer after throttling). Tests pass `() => 0`.
   */
  retryDelayMs?: (retry: number) => number;
}

const defaultMaxAttempts = 3;
const defaultTimeoutMs = 300_000;

/**
 * The Amazon Bedrock adapter (`bedrock:MODEL_ID`): one Converse stream call per `converse`, every
 * attempt recorded through the call's hooks, text streamed to `onTextDelta`.
 */
export function createBedrockAdapter(options: BedrockAdapterOptions): ModelAdapter {
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const handler = createBedrockRecordingHandler();
  const client = new BedrockRuntimeClient({
    region: options.region,
    requestHandler: handler,
    maxAttempts,
    retryStrategy: options.retryDelayMs
      ? new ConfiguredRetryStrategy(maxAttempts, options.retryDelayMs)
      : new StandardRetryStrategy(maxAttempts),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });

  async function converse(request: ModelRequest, converseOptions: ConverseOptions): Promise<ModelResponse> {
    const { signal } = converseOptions;
    signal.throwIfAborted();
    const input = toConverseStreamInput(options.modelId, request);
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
    const recording = handler.track(controller.signal, {
      ...(converseOptions.onProviderRequest ? { onProviderRequest: converseOptions.onProviderRequest } : {}),
      ...(converseOptions.onProviderResponse
        ? { onProviderResponse: converseOptions.onProviderResponse }
        : {}),
    });
    try {
      const output = await client.send(new ConverseStreamCommand(input), { abortSignal: controller.signal });
      const reader = createConverseStreamReader({
        modelId: options.modelId,
        ...(converseOptions.onTextDelta ? { onTextDelta: converseOptions.onTextDelta } : {}),
      });
      for await (const event of output.stream ?? []) reader.accept(event);
      await recording.settled();
      throwHookError(recording);
      return reader.finish();
    } catch (error) {
      recording.abandon(error instanceof Error ? error : undefined);
      await recording.settled();
      if (controller.signal.aborted) throw controller.signal.reason;
      throwHookError(recording);
      throw toBedrockAppError(error);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      recording.end();
    }
  }

  return { id: `bedrock:${options.modelId}`, demo: false, converse };
}

function throwHookError(recording: CallRecording): void {
  if (recording.hookError !== undefined) throw recording.hookError;
}

function timeoutError(timeoutMs: number): AppError {
  return new AppError('unavailable', `${bedrockProvider} did not finish answering within ${timeoutMs} ms.`, {
    retryable: true,
    details: { provider: bedrockProvider, timeoutMs },
  });
}
