export {
  describeTool,
  findTool,
  manifestAsJson,
  requiredToolNames,
  type ToolDescription,
  toolManifest,
} from './manifest.ts';
export { toolArgv, validateToolInput } from './tool-input.ts';
export type { ArgMapping, JsonSchema, ToolDefinition, ToolInputValidation } from './tool-types.ts';
