import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';

/**
 * One schema for every setting of the platform. This folder is the only place that reads
 * `process.env`; everything else receives a resolved `Config` (or a slice of it).
 */
const rateLimitSchema = z.union([
  z.literal(false),
  z.object({
    /** Tokens added per second (sustained rate). Default 25, as documented for Coupa. */
    perSecond: z.number().positive(),
    /** Bucket size (largest burst). Default 20. */
    burst: z.number().int().positive(),
  }),
]);

export const cellDriverNames = ['auto', 'bubblewrap', 'unshare', 'none'] as const;

const sandboxSchema = z.object({
  /** Which sandbox starts cells; `auto` takes bubblewrap, else unshare, else none. Default auto. */
  driver: z.enum(cellDriverNames),
  /** Unbound cells kept started so binding a session pays no process start. Default 2. */
  poolSize: z.number().int().min(0).max(1000),
  /** Memory limit per cell in bytes. Default 256 MiB. */
  memoryBytes: z
    .number()
    .int()
    .min(16 * 1024 * 1024),
  /** Most processes (and threads) a cell may have. Default 64. */
  pids: z.number().int().min(8),
  /** CPU seconds a cell may consume. Default 300. */
  cpuSeconds: z.number().int().positive(),
});

const auditSchema = z.object({
  /**
   * Where the audit log lives: `sqlite` (the data dir's `audit.sqlite`, default) or a PostgreSQL URL
   * (`postgres://user@host:5432/db`, optionally `?schema=NAME`).
   */
  store: z.string().regex(/^(sqlite|postgres(ql)?:\/\/.+)$/, 'use sqlite or a postgres:// URL'),
  /** Seconds between checkpoints over every session head while serving. Default 60. */
  checkpointSeconds: z.number().int().min(1),
  /** Ed25519 private key (PEM) that signs checkpoints; must live outside the data dir. Unset: unsigned. */
  checkpointKey: z.string().min(1).optional(),
});

export const configSchema = z.object({
  /** Production mode refuses unsafe settings, such as the `none` sandbox driver. Default false. */
  production: z.boolean(),
  sandbox: sandboxSchema,
  audit: auditSchema,
  /** Where everything a run writes goes. Default `./data`. */
  dataDir: z.string().min(1),
  /** The skills folder (one `NAME/SKILL.md` each); unset: the shipped `skills/`. */
  skillsDir: z.string().min(1).optional(),
  /** Interface the servers bind to. Default `127.0.0.1`. */
  host: z.string().min(1),
  cspApi: z.object({
    /** Port of the CSP API simulator; 0 picks a free port. Default 4010. */
    port: z.number().int().min(0).max(65535),
    /** Per-client rate limit, or `false` to turn it off (benchmarks). Default 25/s, burst 20. */
    rateLimit: rateLimitSchema,
    /** Lifetime of issued access tokens in seconds. Default 86399 (Coupa's). */
    tokenTtlSeconds: z.number().int().positive(),
    /** Largest JSON or form body, in bytes. Default 256 KiB. */
    bodyLimitBytes: z.number().int().positive(),
    /** Largest bulk catalog upload, in bytes. Default 2 MiB. */
    bulkBodyLimitBytes: z.number().int().positive(),
  }),
});

export type Config = z.infer<typeof configSchema>;
export type CspApiConfig = Config['cspApi'];
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
export type SandboxConfig = Config['sandbox'];
export type AuditConfig = Config['audit'];

export const defaultConfig: Config = {
  production: false,
  sandbox: { driver: 'auto', poolSize: 2, memoryBytes: 256 * 1024 * 1024, pids: 128, cpuSeconds: 300 },
  audit: { store: 'sqlite', checkpointSeconds: 60 },
  dataDir: './data',
  host: '127.0.0.1',
  cspApi: {
    port: 4010,
    rateLimit: { perSecond: 25, burst: 20 },
    tokenTtlSeconds: 86_399,
    bodyLimitBytes: 256 * 1024,
    bulkBodyLimitBytes: 2 * 1024 * 1024,
  },
};

/** Settings given on the command line; they win over the environment. */
export interface ConfigOverrides {
  dataDir?: string | undefined;
  host?: string | undefined;
  cspPort?: number | undefined;
  rateLimit?: string | undefined;
  sandboxDriver?: string | undefined;
  poolSize?: number | undefined;
  auditStore?: string | undefined;
}

/**
 * Resolves the configuration from defaults, the environment (`SUPPLIER_AGENT_*`) and overrides.
 * Throws an `AppError('invalid_argument')` naming the setting when a value is malformed.
 */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = overrides.dataDir ?? env.SUPPLIER_AGENT_DATA_DIR ?? defaultConfig.dataDir;
  const portText = overrides.cspPort?.toString() ?? env.SUPPLIER_AGENT_CSP_PORT;
  const rateText = overrides.rateLimit ?? env.SUPPLIER_AGENT_CSP_RATE_LIMIT;
  const poolText = overrides.poolSize?.toString() ?? env.SUPPLIER_AGENT_POOL_SIZE;
  const candidate = {
    production: env.SUPPLIER_AGENT_PRODUCTION === 'true' || env.NODE_ENV === 'production',
    sandbox: {
      ...defaultConfig.sandbox,
      driver: overrides.sandboxDriver ?? env.SUPPLIER_AGENT_SANDBOX ?? defaultConfig.sandbox.driver,
      poolSize: poolText === undefined ? defaultConfig.sandbox.poolSize : parseInteger('pool size', poolText),
    },
    audit: {
      store: overrides.auditStore ?? env.SUPPLIER_AGENT_AUDIT_STORE ?? defaultConfig.audit.store,
      checkpointSeconds:
        env.SUPPLIER_AGENT_CHECKPOINT_SECONDS === undefined
          ? defaultConfig.audit.checkpointSeconds
          : parseInteger('checkpoint seconds', env.SUPPLIER_AGENT_CHECKPOINT_SECONDS),
      ...(env.SUPPLIER_AGENT_CHECKPOINT_KEY
        ? { checkpointKey: path.resolve(env.SUPPLIER_AGENT_CHECKPOINT_KEY) }
        : {}),
    },
    dataDir: path.resolve(dataDir),
    ...(env.SUPPLIER_AGENT_SKILLS_DIR ? { skillsDir: path.resolve(env.SUPPLIER_AGENT_SKILLS_DIR) } : {}),
    host: overrides.host ?? env.SUPPLIER_AGENT_HOST ?? defaultConfig.host,
    cspApi: {
      ...defaultConfig.cspApi,
      port: portText === undefined ? defaultConfig.cspApi.port : parseInteger('csp port', portText),
      rateLimit: rateText === undefined ? defaultConfig.cspApi.rateLimit : parseRateLimit(rateText),
    },
  };
  const parsed = configSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_argument', `Invalid setting ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

function parseInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new AppError('invalid_argument', `Invalid ${name}: "${text}" is not a number.`);
  return Number(text);
}

/** `off`, or `RATE/BURST` such as `25/20`. */
export function parseRateLimit(text: string): RateLimitConfig {
  if (text === 'off') return false;
  const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(text);
  if (!match)
    throw new AppError('invalid_argument', `Invalid rate limit "${text}": use RATE/BURST (25/20) or off.`);
  return { perSecond: Number(match[1]), burst: Number(match[2]) };
}
