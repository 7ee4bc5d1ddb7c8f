import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { defaultGatewayConfig, loadGatewayConfig } from './gateway-config.ts';

describe('gateway settings', () => {
  it('defaults without any variable', () => {
    expect(loadGatewayConfig({}, {})).toEqual(defaultGatewayConfig);
  });

  it('reads the environment; the command line wins', () => {
    const config = loadGatewayConfig(
      { port: 9000 },
      {
        SUPPLIER_AGENT_PORT: '8181',
        SUPPLIER_AGENT_BODY_LIMIT_BYTES: '131072',
        SUPPLIER_AGENT_SSE_HEARTBEAT_SECONDS: '5',
        SUPPLIER_AGENT_MAX_RUNNING: '8',
        SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT: '2',
        SUPPLIER_AGENT_MAX_QUEUED: '0',
        SUPPLIER_AGENT_WEB_DIR: 'web',
      },
    );
    expect(config).toMatchObject({
      port: 9000,
      bodyLimitBytes: 131072,
      heartbeatSeconds: 5,
      admission: { maxRunning: 8, maxRunningPerTenant: 2, maxQueued: 0, maxQueuedPerTenant: 64 },
    });
    expect(config.webDir).toMatch(/web$/);
    expect(loadGatewayConfig({}, { SUPPLIER_AGENT_PORT: '8181' }).port).toBe(8181);
  });

  it('names the variable that is wrong', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SUPPLIER_AGENT_PORT: 'eighty' }, /SUPPLIER_AGENT_PORT/],
      [{ SUPPLIER_AGENT_PORT: '70000' }, /SUPPLIER_AGENT_PORT/],
      [{ SUPPLIER_AGENT_BODY_LIMIT_BYTES: '10' }, /SUPPLIER_AGENT_BODY_LIMIT_BYTES/],
      [{ SUPPLIER_AGENT_MAX_RUNNING: '0' }, /SUPPLIER_AGENT_MAX_RUNNING\b/],
      [{ SUPPLIER_AGENT_MAX_RUNNING: '4', SUPPLIER_AGENT_MAX_RUNNING_PER_TENANT: '5' }, /PER_TENANT/],
    ];
    for (const [env, message] of cases) {
      let caught: unknown;
      try {
        loadGatewayConfig({}, env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('invalid_argument');
      expect((caught as AppError).message).toMatch(message);
    }
  });
});
