export {
  type AuditConfig,
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
  toolUseHeader,
  toolUseVariable,
} from './csp-client-config.ts';
