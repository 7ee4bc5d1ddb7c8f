import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ApiRequest, BuildContext } from '../../src/tools/csp/command-types.ts';
import { cspCommands } from '../../src/tools/csp/commands/index.ts';
import { parseCspArgv } from '../../src/tools/csp/parse-argv.ts';
import {
  manifestAsJson,
  requiredToolNames,
  toolArgv,
  toolManifest,
  validateToolInput,
} from '../../src/tools/manifest/index.ts';
import { toolSamples } from './tool-samples.ts';

/** Builds requests without a network: lookups answer a stub record, files do not exist. */
const offlineContext: BuildContext = {
  readFile: async () => {
    throw new Error('no files offline');
  },
  lookup: async () => ({ id: 1 }),
};

describe('tool manifest', () => {
  it('has every tool name the interface promises, once each, in snake_case', () => {
    const names = toolManifest.map((tool) => tool.name);
    for (const name of requiredToolNames) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('exposes every csp command through some tool', () => {
    const exposed = new Set(toolManifest.map((tool) => tool.command.join(' ')));
    const missing = cspCommands.map((command) => command.path.join(' ')).filter((path) => !exposed.has(path));
    expect(missing).toEqual([]);
  });

  it("takes each tool's operations from its command definition", () => {
    for (const tool of toolManifest) {
      const command = cspCommands.find((candidate) => candidate.path.join(' ') === tool.command.join(' '))!;
      expect(tool.operations.length).toBeGreaterThan(0);
      for (const operation of tool.operations) expect(command.operations).toContain(operation);
    }
  });

  it('gives every tool a description and an object JSON Schema that round-trips', () => {
    for (const tool of toolManifest) {
      expect(tool.description.length, tool.name).toBeGreaterThan(30);
      const schema = tool.inputSchema as { type: string; properties: object; required?: string[] };
      expect(schema.type, tool.name).toBe('object');
      expect(schema).toMatchObject({ additionalProperties: false });
      for (const name of schema.required ?? []) expect(Object.keys(schema.properties)).toContain(name);
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      const roundTripped = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
      expect(roundTripped.safeParse(toolSamples[tool.name]).success, tool.name).toBe(true);
      expect(roundTripped.safeParse({ ...toolSamples[tool.name], tenant: 'x' }).success, tool.name).toBe(
        false,
      );
    }
  });

  it('turns a sample input of every tool into argv that csp parses and builds into a declared operation', async () => {
    for (const tool of toolManifest) {
      const sample = toolSamples[tool.name];
      expect(sample, `a sample for ${tool.name}`).toBeDefined();
      const validation = validateToolInput(tool, sample);
      expect(validation, tool.name).toMatchObject({ ok: true });
      const argv = toolArgv(tool, sample);
      const parsed = parseCspArgv(argv);
      if (parsed.kind !== 'command') throw new Error(`${tool.name}: ${JSON.stringify(parsed)}`);
      expect(parsed.command.path).toEqual(tool.command);
      expect(parsed.connection).toEqual({});
      const request: ApiRequest = await parsed.command.build(parsed.input, offlineContext);
      expect(tool.operations, tool.name).toContain(request.operation);
    }
  });

  it('never lets a tool name a tenant or a connection', () => {
    for (const tool of toolManifest) {
      const properties = Object.keys((tool.inputSchema as { properties: object }).properties);
      for (const forbidden of ['tenant', 'tenant_id', 'supplier_id', 'api_url', 'token']) {
        expect(properties, tool.name).not.toContain(forbidden);
      }
    }
  });

  it('prints as JSON without the zod schemas', () => {
    const printed = JSON.parse(manifestAsJson()) as Record<string, unknown>[];
    expect(printed).toHaveLength(toolManifest.length);
    expect(Object.keys(printed[0]!).sort()).toEqual([
      'command',
      'description',
      'inputSchema',
      'name',
      'operations',
    ]);
  });
});
