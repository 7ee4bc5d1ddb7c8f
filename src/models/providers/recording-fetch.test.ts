import { describe, expect, it } from 'vitest';
import { credentialId } from '../../audit/redact.ts';
import type { ProviderCall, ProviderReply } from '../model-types.ts';
import { createRecordingFetch } from './recording-fetch.ts';

/** A fetch that answers every request with `body` (split in two pieces) and remembers what it was sent. */
function answering(body: string, status = 200) {
  const sent: RequestInit[] = [];
  const fetch = async (_input: string | URL | Request, init?: RequestInit) => {
    sent.push(init ?? {});
    const bytes = new TextEncoder().encode(body);
    const half = Math.floor(bytes.length / 2);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, half));
        controller.enqueue(bytes.subarray(half));
        controller.close();
      },
    });
    return new Response(stream, {
      status,
      headers: { 'content-type': 'application/json', 'set-cookie': 'session=s3cr3t' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

describe('recording fetch', () => {
  it('records request and reply with every credential header replaced by its id', async () => {
    const calls: ProviderCall[] = [];
    const replies: ProviderReply[] = [];
    const target = answering('{"ok":true,"note":"café"}');
    const recorder = createRecordingFetch({
      fetch: target.fetch,
      credentialIds: { authorization: 'openai-api-key', 'api-key': 'azure-key' },
      onProviderRequest: async (call) => void calls.push(call),
      onProviderResponse: async (reply) => void replies.push(reply),
    });

    const response = await recorder.fetch('http://127.0.0.1:9/v1/chat/completions', {
      method: 'post',
      headers: {
        Authorization: 'Bearer sk-one',
        'api-key': 'azure-secret',
        'x-api-key': 'other',
        accept: 'text/event-stream',
      },
      body: new TextEncoder().encode('{"model":"m"}'),
    });
    expect(await response.json()).toEqual({ ok: true, note: 'café' });
    await recorder.settled();

    expect(calls).toEqual([
      {
        attempt: 1,
        method: 'POST',
        url: 'http://127.0.0.1:9/v1/chat/completions',
        headers: {
          accept: 'text/event-stream',
          'api-key': credentialId('azure-key', 'azure-secret'),
          authorization: credentialId('openai-api-key', 'sk-one'),
          'x-api-key': credentialId('x-api-key', 'other'),
        },
        body: '{"model":"m"}',
      },
    ]);
    expect(replies).toEqual([
      {
        attempt: 1,
        status: 200,
        headers: {
          'content-type': 'application/json',
          'set-cookie': credentialId('set-cookie', 'session=s3cr3t'),
        },
        body: '{"ok":true,"note":"café"}',
        complete: true,
      },
    ]);
    expect(target.sent[0]!.headers).toMatchObject({ Authorization: 'Bearer sk-one' });
  });

  it('records the whole body even when the caller cancels its copy unread', async () => {
    const replies: ProviderReply[] = [];
    const recorder = createRecordingFetch({
      fetch: answering('{"type":"error","error":{"type":"rate_limit_error"}}', 429).fetch,
      onProviderResponse: async (reply) => void replies.push(reply),
    });

    const response = await recorder.fetch('http://127.0.0.1:9/v1/messages', { method: 'POST', body: '{}' });
    await response.body!.cancel();
    await recorder.settled();

    expect(replies).toEqual([expect.objectContaining({ attempt: 1, status: 429, complete: true })]);
    expect(replies[0]!.body).toBe('{"type":"error","error":{"type":"rate_limit_error"}}');
  });

  it('aborts its signal and rejects settled() when recording a reply fails', async () => {
    const failure = new Error('disk full');
    const recorder = createRecordingFetch({
      fetch: answering('{}').fetch,
      onProviderResponse: async () => {
        throw failure;
      },
    });

    const response = await recorder.fetch('http://127.0.0.1:9/', { method: 'POST', body: '{}' });
    await response.text();

    await expect(recorder.settled()).rejects.toBe(failure);
    expect(recorder.signal.aborted).toBe(true);
    expect(recorder.attempts()).toBe(1);
  });

  it('refuses a body it cannot record, without sending it', async () => {
    const target = answering('{}');
    const recorder = createRecordingFetch({ fetch: target.fetch });

    await expect(
      recorder.fetch('http://127.0.0.1:9/', {
        method: 'POST',
        body: new ReadableStream(),
        duplex: 'half',
      } as RequestInit),
    ).rejects.toThrow('records text and byte bodies only');
    expect(target.sent).toHaveLength(0);
  });
});
