export { createBroker } from './broker.ts';
export { type BrokerErrorBody, type BrokerErrorCode, brokerErrorCodes } from './broker-errors.ts';
export {
  type Broker,
  type BrokerLimits,
  type BrokerOptions,
  type BrokerStats,
  defaultBrokerLimits,
  type SkillRef,
  type TurnBrief,
} from './broker-types.ts';
export type { Credential, CredentialProvider } from './credentials.ts';
export { type CspCredentialProviderOptions, createCspCredentialProvider } from './csp-credentials.ts';
export { cellEventTypes } from './event-sink-route.ts';
export {
  type BrokerOverhead,
  type BrokerOverheadOptions,
  type LatencySummary,
  measureBrokerOverhead,
} from './overhead.ts';
export { apiRequestsPerToolCall, type TurnBudget } from './turn-budget.ts';
