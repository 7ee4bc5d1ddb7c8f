export {
  type Config,
  type ConfigOverrides,
  type CspApiConfig,
  configSchema,
  defaultConfig,
  loadConfig,
  parseRateLimit,
  type RateLimitConfig,
} from './config.ts';
export {
  brokerSocketVariable,
  type CspConnection,
  type CspConnectionFlags,
  resolveCspConnection,
} from './csp-client-config.ts';
