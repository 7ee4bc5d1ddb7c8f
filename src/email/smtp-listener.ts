import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AppError } from '../errors/index.ts';
import type { EmailChannel } from './email-channel.ts';
import type { EmailLog } from './mail-replies.ts';

export interface SmtpListenerOptions {
  channel: EmailChannel;
  /** Name in the greeting and the EHLO answer. */
  hostname: string;
  /** The channel's address; mail to any other recipient is refused (this is no relay). */
  address: string;
  /** Advertised with SIZE; a larger `MAIL FROM ... SIZE=` or DATA is refused with 552. */
  maxMessageBytes: number;
  /** STARTTLS with this key and certificate; not offered without them. */
  tls?: { keyFile: string; certFile: string } | undefined;
  /** Connections at once. Default 100. */
  maxClients?: number;
  log: EmailLog;
}

export interface SmtpListener {
  /** Starts listening; resolves to the bound port (0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  /** Stops taking connections and waits for those open (at most a few seconds). */
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };

const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * The inbound SMTP listener (an MX for the channel's address): no AUTH, recipients limited to the
 * channel's address, the size limit enforced in the protocol, and the channel's decision given at
 * the end of DATA: 250 when taken, 550 with the bounce text when refused, 451 to retry later.
 */
export function createSmtpListener(options: SmtpListenerOptions): SmtpListener {
  const address = options.address.toLowerCase();
  const server = new SMTPServer({
    name: options.hostname,
    banner: 'Supplier Agent ESMTP',
    size: options.maxMessageBytes,
    rejectOversized: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls
      ? { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) }
      : {}),
    authOptional: true,
    disableReverseLookup: true,
    // Our replies carry their own enhanced codes (5.7.1 for a refused sender, not the library's 5.1.1).
    hideENHANCEDSTATUSCODES: true,
    maxClients: options.maxClients ?? 100,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(recipient, _session, callback) {
      if (recipient.address.toLowerCase() !== address) {
        callback(smtpError(550, `5.1.1 <${recipient.address}>: no such mailbox here`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      collect(stream, options.maxMessageBytes)
        .then(async (raw) => {
          // rejectOversized answers 552 itself; nothing is decided on a truncated message.
          if (raw === undefined) return callback();
          const outcome = await options.channel.receive({
            raw,
            channel: 'smtp',
            envelope: envelopeOf(session),
          });
          switch (outcome.kind) {
            case 'accepted':
            case 'dropped':
              return callback(null, 'Message accepted');
            case 'refused':
              return callback(smtpError(550, `5.7.1 ${outcome.bounce}`));
            case 'deferred':
              return callback(smtpError(451, `4.3.0 ${outcome.message}`));
          }
        })
        .catch((error: unknown) => {
          options.log.warn(`email: SMTP message not processed: ${(error as Error).message}`);
          callback(smtpError(451, '4.3.0 Local error while processing the message; try again later'));
        });
    },
  });
  let listening = false;
  // Errors while starting are the caller's (listen rejects); once up, they are logged.
  server.on('error', (error) => {
    if (listening) options.log.warn(`email: SMTP listener: ${error.message}`);
  });

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const refuse = (error: NodeJS.ErrnoException) => {
          const taken = error.code === 'EADDRINUSE' || error.code === 'EACCES';
          reject(
            taken
              ? new AppError(
                  'unavailable',
                  `The SMTP listener cannot use ${host}:${port} (${error.code}): choose another port with --smtp-port or SUPPLIER_AGENT_SMTP_PORT, or off for none.`,
                  { cause: error },
                )
              : error,
          );
        };
        server.server.once('error', refuse);
        server.listen(port, host, () => {
          server.server.off('error', refuse);
          listening = true;
          resolve((server.server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function envelopeOf(session: SMTPServerSession) {
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom === false ? '' : mailFrom.address,
    rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
    remoteAddress: session.remoteAddress,
    ...(session.hostNameAppearsAs ? { helo: session.hostNameAppearsAs } : {}),
  };
}

/** The message bytes, or undefined once over the limit (the rest is read and dropped). */
function collect(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () =>
      resolve(stream.sizeExceeded || bytes > maxBytes ? undefined : Buffer.concat(chunks)),
    );
  });
}
