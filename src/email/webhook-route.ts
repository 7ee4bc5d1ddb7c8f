import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.ts';
import type { EmailChannel } from './email-channel.ts';

export interface InboundWebhookOptions {
  channel: EmailChannel;
  /** The bearer secret the provider's forwarder sends (`authorization: Bearer SECRET`). */
  secret: string;
  /** Largest message, bytes: a larger body is 413. */
  maxMessageBytes: number;
}

/** Where providers post raw messages. */
export const inboundWebhookPath = '/inbound/email';

const rawTypes = ['message/rfc822', 'application/octet-stream'];

/**
 * `POST /inbound/email`: a provider (Amazon SES through a forwarder, or any service that posts raw
 * MIME) delivers one message as the body. The secret is checked before the body is read. Answers:
 * 202 when taken (or dropped as automatic mail), 200 `refused` with the bounce text (a permanent
 * refusal: the provider must not retry), 503 to retry later, 413 over the size limit, 415 for a
 * body that is not raw MIME.
 */
export async function inboundWebhookRoute(
  app: FastifyInstance,
  options: InboundWebhookOptions,
): Promise<void> {
  const expected = digest(options.secret);
  app.addContentTypeParser(
    rawTypes,
    { parseAs: 'buffer', bodyLimit: options.maxMessageBytes },
    (_request, body, done) => done(null, body),
  );
  app.post(
    inboundWebhookPath,
    {
      bodyLimit: options.maxMessageBytes,
      onRequest: async (request) => {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
        if (!timingSafeEqual(digest(token), expected)) {
          throw new AppError('unauthenticated', 'The inbound webhook needs its bearer secret.');
        }
      },
    },
    async (request, reply) => {
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) {
        throw new AppError('unsupported_media_type', 'Post one raw message as message/rfc822.');
      }
      if (raw.length === 0)
        throw new AppError('invalid_argument', 'The body is empty: post one raw message.');
      const outcome = await options.channel.receive({
        raw,
        channel: 'webhook',
        envelope: { mailFrom: undefined, rcptTo: [] },
      });
      switch (outcome.kind) {
        case 'accepted':
          return reply.code(202).send({
            outcome: 'accepted',
            ...(outcome.sessionId ? { sessionId: outcome.sessionId } : {}),
          });
        case 'dropped':
          return reply.code(202).send({ outcome: 'dropped' });
        case 'refused':
          return reply.code(200).send({ outcome: 'refused', message: outcome.bounce });
        case 'deferred':
          throw new AppError('unavailable', outcome.message, {
            retryable: true,
            details: { retryAfterSeconds: 60 },
          });
      }
    },
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
