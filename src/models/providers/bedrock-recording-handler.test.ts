import { describe, expect, it } from 'vitest';
import { credentialId } from '../../audit/redact.ts';
import { recordRequestHeaders } from './bedrock-recording-handler.ts';

describe('recordRequestHeaders', () => {
  it('replaces the SigV4 authorization and the session token by credential ids and keeps the rest', () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request, Signature=ab12';
    const recorded = recordRequestHeaders({
      Authorization: authorization,
      'X-Amz-Security-Token': 'session-secret',
      'x-amz-date': '20260101T000000Z',
      'content-type': 'application/json',
    });

    expect(recorded).toEqual({
      Authorization: credentialId('aws-sigv4', authorization.slice('AWS4-HMAC-SHA256 '.length)),
      'X-Amz-Security-Token': credentialId('aws-session-token', 'session-secret'),
      'x-amz-date': '20260101T000000Z',
      'content-type': 'application/json',
    });
  });

  it('names a Bedrock API key sent as a bearer token', () => {
    const recorded = recordRequestHeaders({ authorization: 'Bearer bedrock-api-key-value' });

    expect(recorded.authorization).toBe(credentialId('bedrock-api-key', 'bedrock-api-key-value'));
  });
});
