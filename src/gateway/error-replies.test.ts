import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { errorBody, errorHeaders, toAppError } from './error-replies.ts';

describe('error replies', () => {
  it('never shows the cause, stack or details of an internal error', () => {
    const bug = new Error('database password is hunter2');
    const error = toAppError(bug);
    expect(error.code).toBe('internal');
    expect(errorBody(error)).toEqual({ error: { code: 'internal', message: 'Internal error.' } });
    const wrapped = new AppError('internal', 'Failed at /srv/app/x.ts', {
      details: { path: '/srv' },
      cause: bug,
    });
    expect(JSON.stringify(errorBody(wrapped))).not.toMatch(/hunter2|srv/);
  });

  it('puts field errors under details.fields', () => {
    const error = new AppError('validation_failed', 'Bad.', { fields: { message: ['must not be blank'] } });
    expect(errorBody(error)).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Bad.',
        details: { fields: { message: ['must not be blank'] } },
      },
    });
  });

  it("maps Fastify's body errors to stable codes", () => {
    const cases: Array<[string, string]> = [
      ['FST_ERR_CTP_BODY_TOO_LARGE', 'payload_too_large'],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'unsupported_media_type'],
      ['FST_ERR_CTP_INVALID_JSON_BODY', 'invalid_json'],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 'invalid_json'],
    ];
    for (const [fastifyCode, code] of cases) {
      expect(toAppError(Object.assign(new Error('x'), { code: fastifyCode })).code).toBe(code);
    }
  });

  it('sends Retry-After on 429 and WWW-Authenticate on 401', () => {
    expect(
      errorHeaders(new AppError('rate_limited', 'Busy.', { details: { retryAfterSeconds: 2.2 } }))[
        'retry-after'
      ],
    ).toBe('3');
    expect(errorHeaders(new AppError('rate_limited', 'Busy.'))['retry-after']).toBe('1');
    expect(errorHeaders(new AppError('token_expired', 'Old.'))['www-authenticate']).toMatch(/^Bearer /);
    expect(errorHeaders(new AppError('not_found', 'No.'))).toEqual({});
  });
});
