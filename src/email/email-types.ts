/** How a message reached the channel. */
export type InboundChannel = 'smtp' | 'webhook';

/** The SMTP envelope and connection a message came with, as far as the channel knows them. */
export interface InboundEnvelope {
  /** `MAIL FROM` (the return path); empty for a null sender (`<>`); undefined when unknown (webhook). */
  mailFrom: string | undefined;
  /** `RCPT TO` addresses. */
  rcptTo: string[];
  /** The connecting client's address (the relay's, when a relay delivers). */
  remoteAddress?: string;
  /** The name the client gave in HELO/EHLO. */
  helo?: string;
}

/** One message as received: the exact bytes and how they came. */
export interface InboundEmail {
  raw: Buffer;
  channel: InboundChannel;
  envelope: InboundEnvelope;
}

/** A method's verdict (`spf`, `dkim`, `dmarc`), as recorded. */
export interface MethodVerdict {
  result: string;
  /** The domain the verdict is about (SPF: envelope domain, DKIM: signing domain, DMARC: From domain). */
  domain?: string;
  comment?: string;
  /** DKIM: the selector; DMARC: the published policy. */
  selector?: string;
  policy?: string;
  /** DKIM and SPF: whether the domain aligns with the From domain. */
  aligned?: boolean;
}

/** The authentication of one message: verified here, or taken from a trusted relay. */
export interface AuthenticationVerdict {
  /** True when the From domain is vouched for (DMARC pass, or an aligned DKIM/SPF pass without a DMARC record). */
  passed: boolean;
  /** `checked`: SPF/DKIM/DMARC verified here; `relay`: a trusted relay's verdict. */
  method: 'checked' | 'relay';
  /** The relay whose verdict was taken (its authserv-id), for `relay`. */
  relay?: string;
  /** Why it did not pass, for operators. */
  reason?: string;
  /** It did not pass because a lookup failed for now (DNS temperror): the sender should retry. */
  temporary?: boolean;
  spf: MethodVerdict | null;
  dkim: MethodVerdict[];
  dmarc: MethodVerdict | null;
  /** The `Authentication-Results` header the verdict comes from (written here, or the relay's). */
  header: string;
}

/** A supplier user found by their e-mail address. */
export interface EmailSender {
  tenantId: string;
  userId: string;
  email: string;
  name: string;
  scopes: string[];
}

/**
 * What became of a message. `accepted`: taken (a turn runs or waits, or a reply was sent);
 * `dropped`: taken and ignored (automatic mail, to avoid loops); `refused`: a permanent refusal with
 * the bounce text; `deferred`: a temporary refusal (the sender should retry).
 */
export type InboundOutcome =
  | { kind: 'accepted'; sessionId?: string; note: string }
  | { kind: 'dropped'; reason: string }
  | { kind: 'refused'; reason: RefusalReason; bounce: string }
  | { kind: 'deferred'; message: string };

/** Why a message was refused (operators see it; the sender reads the same bounce for most). */
export type RefusalReason =
  | 'authentication-failed'
  | 'unknown-sender'
  | 'malformed'
  | 'attachment-refused'
  | 'empty'
  | 'auto-submitted';
