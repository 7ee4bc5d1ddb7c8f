export { wantsEventStream } from './accept.ts';
export { bearerToken } from './auth-hook.ts';
export { maxMessageCharacters, maxReasonCharacters } from './body-schemas.ts';
export { type ClientEvent, type ClientEventName, clientEventOf } from './client-events.ts';
export { createGateway, securityHeaders } from './create-gateway.ts';
export { type ErrorBody, errorBody, toAppError } from './error-replies.ts';
export {
  defaultBodyLimitBytes,
  type Gateway,
  type GatewayLog,
  type GatewayOptions,
  type WellKnownDocuments,
} from './gateway-types.ts';
export { renderMetrics } from './metrics.ts';
export { defaultHeartbeatMs } from './sse.ts';
