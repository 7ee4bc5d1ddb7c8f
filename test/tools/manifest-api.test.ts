import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';
import { cspCommands } from '../../src/tools/csp/commands/index.ts';
import { runCsp } from '../../src/tools/csp/run-csp.ts';
import { toolArgv, toolManifest } from '../../src/tools/manifest/index.ts';
import { toolSamples } from './tool-samples.ts';

let api: CspApiHarness;
beforeAll(async () => {
  api = await startCspApi();
});
afterAll(async () => {
  await api.close();
});

const key = (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`;

describe('manifest against the running API', () => {
  it('names only operations the API serves', () => {
    const served = new Set(api.server.operations.map(key));
    const unknown = toolManifest
      .flatMap((tool) => tool.operations.map(key))
      .filter((name) => !served.has(name));
    expect(unknown).toEqual([]);
  });

  it('covers every supplier operation of the API with some csp command', () => {
    const covered = new Set(cspCommands.flatMap((command) => command.operations.map(key)));
    const supplierOperations = api.server.operations.filter((operation) =>
      operation.path.startsWith('/api/'),
    );
    expect(supplierOperations.length).toBeGreaterThan(30);
    expect(supplierOperations.map(key).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('runs the sample of every read tool successfully', async () => {
    const env = { CSP_API_URL: api.url, CSP_TOKEN: await api.token('northwind') };
    const readTools = toolManifest.filter((tool) =>
      tool.operations.every((operation) => operation.method === 'GET'),
    );
    expect(readTools.length).toBeGreaterThan(15);
    for (const tool of readTools) {
      const result = await runCsp(toolArgv(tool, toolSamples[tool.name]), { env });
      expect(`${tool.name}: ${result.exitCode} ${result.stderr}`).toBe(`${tool.name}: 0 `);
      expect(() => JSON.parse(result.stdout)).not.toThrow();
    }
  });
});
