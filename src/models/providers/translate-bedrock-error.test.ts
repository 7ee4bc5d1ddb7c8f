import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.ts';
import { toBedrockAppError } from './translate-bedrock-error.ts';

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status, requestId: 'r-1', attempts: 1 } }),
    ...extra,
  });
}

describe('toBedrockAppError', () => {
  it.each([
    [sdkError('ThrottlingException', 429), 'rate_limited', true],
    [sdkError('ServiceQuotaExceededException', 400), 'rate_limited', true],
    [sdkError('AccessDeniedException', 403), 'unauthenticated', false],
    [sdkError('UnrecognizedClientException', 403), 'unauthenticated', false],
    [sdkError('ExpiredTokenException', 400), 'unauthenticated', false],
    [sdkError('CredentialsProviderError'), 'unauthenticated', false],
    [sdkError('ValidationException', 400), 'invalid_argument', false],
    [sdkError('ResourceNotFoundException', 404), 'not_found', false],
    [sdkError('ServiceUnavailableException', 503), 'unavailable', true],
    [sdkError('InternalServerException', 500), 'unavailable', true],
    [sdkError('ModelStreamErrorException'), 'unavailable', true],
    [sdkError('SomethingNewException', 502), 'unavailable', true],
    [sdkError('SomethingNewException', 409), 'model_failed', false],
    [sdkError('SomethingNewStreamException'), 'unavailable', true],
    [sdkError('Error', undefined, { code: 'ECONNREFUSED' }), 'unavailable', true],
    [new TypeError('bug'), 'internal', false],
  ] as const)('maps %s to %s', (error, code, retryable) => {
    const mapped = toBedrockAppError(error);

    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code, retryable });
    expect(mapped.cause).toBe(error);
  });

  it('keeps the provider message and the facts of the answer', () => {
    const mapped = toBedrockAppError(sdkError('ValidationException', 400));

    expect(mapped.message).toBe(
      'Amazon Bedrock failed (400 ValidationException): ValidationException happened',
    );
    expect(mapped.details).toEqual({
      provider: 'Amazon Bedrock',
      type: 'ValidationException',
      status: 400,
      requestId: 'r-1',
      attempts: 1,
    });
  });

  it('passes an AppError through unchanged', () => {
    const error = new AppError('unavailable', 'timed out');

    expect(toBedrockAppError(error)).toBe(error);
  });
});
