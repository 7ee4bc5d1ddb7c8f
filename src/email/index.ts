export { type AuthenticationResults, parseAuthenticationResults } from './authentication-results.ts';
export { createEmailChannel, type EmailChannel, type EmailChannelOptions } from './email-channel.ts';
export type {
  AuthenticationVerdict,
  EmailSender,
  InboundChannel,
  InboundEmail,
  InboundEnvelope,
  InboundOutcome,
  MethodVerdict,
  RefusalReason,
} from './email-types.ts';
export { createOutbound, type Outbound, type OutboundMessage, type SentEmail } from './outbound.ts';
export { type ParsedEmail, parseEmail } from './parse-email.ts';
export { isStopCommand, stripQuotedText } from './reply-text.ts';
export {
  createSenderAuthenticator,
  type DnsResolver,
  type SenderAuthenticator,
} from './sender-authentication.ts';
export { createSmtpListener, type SmtpListener } from './smtp-listener.ts';
export {
  type EmailChannelStartOptions,
  type RunningEmailChannel,
  startEmailChannel,
} from './start-email-channel.ts';
export { emailDatabaseFile, openThreadStore, type RefusalRecord, type ThreadStore } from './thread-store.ts';
export { inboundWebhookPath, inboundWebhookRoute } from './webhook-route.ts';
