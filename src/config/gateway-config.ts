import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';

/** Settings of the HTTP gateway and of admission to turns. */
const gatewaySchema = z.object({
  /** Port of the gateway; 0 picks a free one. Default 8080 (`--port`, `SUPPLIER_AGENT_PORT`). */
  port: z.number().int().min(0).max(65535),
  /** Largest request body in bytes. Default 64 KiB (`SUPPLIER_AGENT_BODY_LIMIT_BYTES`). */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024),
  /** Seconds between heartbeat comments on an event stream. Default 15 (`SUPPLIER_AGENT_SSE_HEARTBEAT_SECONDS`). */
  heartbeatSeconds: z.number().int().min(1).max(300),
  /** Folder of the web pages served at `/`; unset: the shipped ones, if any (`SUPPLIER_AGENT_WEB_DIR`). */
  webDir: z.string().min(1).optional(),
  admission: z.object({
    /** Turns running at once on this node. Default 64 (`SUPPLIER_AGENT_MAX_RUNNING`). */
    maxRunning: z.number().int().min(1),
    /** Turns one tenant may run at once. Default 16 (`SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT`). */
    maxRunningPerTenant: z.number().int().min(1),
    /** Turns waiting for a slot, all tenants. Default 256 (`SUPPLIER_AGENT_MAX_QUEUED`). */
    maxQueued: z.number().int().min(0),
    /** Turns one tenant may have waiting. Default 64 (`SUPPLIER_AGENT_MAX_QUEUED_PER_TENANT`). */
    maxQueuedPerTenant: z.number().int().min(0),
  }),
});

export type GatewayConfig = z.infer<typeof gatewaySchema>;

export const defaultGatewayConfig: GatewayConfig = {
  port: 8080,
  bodyLimitBytes: 64 * 1024,
  heartbeatSeconds: 15,
  admission: { maxRunning: 64, maxRunningPerTenant: 16, maxQueued: 256, maxQueuedPerTenant: 64 },
};

/** Settings given on the command line; they win over the environment. */
export interface GatewayConfigOverrides {
  port?: number | undefined;
}

const integerVariables = {
  bodyLimitBytes: 'SUPPLIER_AGENT_BODY_LIMIT_BYTES',
  heartbeatSeconds: 'SUPPLIER_AGENT_SSE_HEARTBEAT_SECONDS',
} as const;

const admissionVariables = {
  maxRunning: 'SUPPLIER_AGENT_MAX_RUNNING',
  maxRunningPerTenant: 'SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT',
  maxQueued: 'SUPPLIER_AGENT_MAX_QUEUED',
  maxQueuedPerTenant: 'SUPPLIER_AGENT_MAX_QUEUED_PER_TENANT',
} as const;

/**
 * Resolves the gateway's settings from defaults, the environment and overrides. Throws an
 * `AppError('invalid_argument')` naming the variable when a value is malformed or out of range.
 */
export function loadGatewayConfig(
  overrides: GatewayConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const integer = (variable: string, fallback: number): number => {
    const text = env[variable];
    if (text === undefined || text === '') return fallback;
    if (!/^\d+$/.test(text.trim())) {
      throw new AppError('invalid_argument', `Invalid ${variable}: "${text}" is not a whole number.`);
    }
    return Number(text.trim());
  };
  const candidate = {
    port: overrides.port ?? integer('SUPPLIER_AGENT_PORT', defaultGatewayConfig.port),
    bodyLimitBytes: integer(integerVariables.bodyLimitBytes, defaultGatewayConfig.bodyLimitBytes),
    heartbeatSeconds: integer(integerVariables.heartbeatSeconds, defaultGatewayConfig.heartbeatSeconds),
    ...(env.SUPPLIER_AGENT_WEB_DIR ? { webDir: path.resolve(env.SUPPLIER_AGENT_WEB_DIR) } : {}),
    admission: Object.fromEntries(
      Object.entries(admissionVariables).map(([key, variable]) => [
        key,
        integer(variable, defaultGatewayConfig.admission[key as keyof typeof admissionVariables]),
      ]),
    ),
  };
  const parsed = gatewaySchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = issue?.path.join('.') ?? '';
    const variable =
      setting === 'port'
        ? 'SUPPLIER_AGENT_PORT'
        : (integerVariables[setting as keyof typeof integerVariables] ??
          admissionVariables[setting.replace('admission.', '') as keyof typeof admissionVariables] ??
          setting);
    throw new AppError('invalid_argument', `Invalid ${variable}: ${issue?.message}.`);
  }
  const { admission } = parsed.data;
  if (admission.maxRunningPerTenant > admission.maxRunning) {
    throw new AppError(
      'invalid_argument',
      'Invalid SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT: it must not exceed SUPPLIER_AGENT_MAX_RUNNING.',
    );
  }
  return parsed.data;
}
