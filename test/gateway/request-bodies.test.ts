import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxMessageCharacters } from '../../src/gateway/index.ts';
import { type GatewayRig, scripted, startGatewayRig } from './support/gateway-rig.ts';

let rig: GatewayRig;
let maria: string;

beforeAll(async () => {
  rig = await startGatewayRig();
  maria = await rig.token('northwind', 'maria.chen');
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

const json = { 'content-type': 'application/json' };

describe('request bodies', () => {
  it('refuses a body over the limit (413) and takes one just under it', async () => {
    const over = await rig.request('POST', '/v1/sessions', {
      token: maria,
      rawBody: JSON.stringify({ message: 'x'.repeat(64 * 1024) }),
      headers: json,
    });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is too large.' },
    });
    // Chunked, without a Content-Length: still cut off.
    const chunks = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 80; index += 1)
          controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const chunked = await fetch(`${rig.url}/v1/sessions`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${maria}` },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    rig.useModel(scripted([{ text: 'That was long.' }]));
    const longest = await rig.request('POST', '/v1/sessions', {
      token: maria,
      body: { message: 'y'.repeat(maxMessageCharacters), skill: 'order-status' },
    });
    expect(longest.status).toBe(201);
    expect(longest.body.turn.reply).toBe('That was long.');
  }, 60_000);

  it('refuses malformed JSON (400) and other content types (415)', async () => {
    const cases: Array<[string, string | undefined, number, string]> = [
      ['{"message": "hi"', 'application/json', 400, 'invalid_json'],
      ["{'message': 'hi'}", 'application/json', 400, 'invalid_json'],
      ['{"__proto__": {"admin": true}, "message": "hi"}', 'application/json', 400, 'invalid_json'],
      [
        '{"constructor": {"prototype": {"admin": true}}, "message": "hi"}',
        'application/json',
        400,
        'invalid_json',
      ],
      ['message=hi', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      ['hi', 'text/plain', 415, 'unsupported_media_type'],
      ['{"message": "hi"}', undefined, 415, 'unsupported_media_type'],
    ];
    for (const [rawBody, contentType, status, code] of cases) {
      const response = await rig.request('POST', '/v1/sessions', {
        token: maria,
        rawBody,
        headers: contentType ? { 'content-type': contentType } : {},
      });
      expect(response.status, rawBody).toBe(status);
      expect(response.body.error.code, rawBody).toBe(code);
      expect(Object.keys(response.body.error).sort()).toEqual(['code', 'message']);
    }
    expect(rig.agent.audit.sessionIds()).toHaveLength(1);
  });

  it('names every invalid field (422 validation_failed with details.fields)', async () => {
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{}, { message: ['is required and must be a string'] }],
      [[], { body: ['must be a JSON object'] }],
      ['hello', { body: ['must be a JSON object'] }],
      [{ message: '' }, { message: ['must not be blank'] }],
      [{ message: ' \n\t ' }, { message: ['must not be blank'] }],
      [{ message: 'x'.repeat(maxMessageCharacters + 1) }, { message: ['must be at most 20000 characters'] }],
      [
        { message: 42, skill: 'Order Status', sessionId: 'x' },
        {
          message: ['is required and must be a string'],
          skill: ['must be a skill name (lower-case letters, digits, dashes)'],
          sessionId: ['is not a known field'],
        },
      ],
    ];
    for (const [body, fields] of cases) {
      const response = await rig.request('POST', '/v1/sessions', { token: maria, body });
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(response.body.error).toEqual({
        code: 'validation_failed',
        message: expect.any(String),
        details: { fields },
      });
    }
    const interrupt = await rig.request('POST', '/v1/sessions/any/interrupt', {
      token: maria,
      body: { reason: 7 },
    });
    expect(interrupt.status).toBe(422);
    expect(interrupt.body.error.details.fields).toEqual({ reason: ['must be a string'] });
    expect(rig.agent.audit.sessionIds()).toHaveLength(1);
  });

  it('answers an unknown route or method with the JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['DELETE', '/v1/sessions/abc'],
      ['GET', '/v1/sessions'],
    ] as const) {
      const response = await rig.request(method, path, { token: maria });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
    const strangeId = await rig.request('GET', `/v1/sessions/${encodeURIComponent('../../etc/passwd')}`, {
      token: maria,
    });
    expect(strangeId.status).toBe(404);
  });
});
