export {
  type Config,
  type ConfigOverrides,
  type CspApiConfig,
  cellDriverNames,
  configSchema,
  defaultConfig,
  loadConfig,
  parseRateLimit,
  type RateLimitConfig,
  type SandboxConfig,
} from './config.ts';
export {
  brokerSocketVariable,
  type CspConnection,
  type CspConnectionFlags,
  resolveCspConnection,
} from './csp-client-config.ts';
