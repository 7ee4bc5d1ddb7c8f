import { chooseSkillToolName, type ModelRequest } from '../model-types.ts';

/**
 * The tool a call must answer with, if any: a routing call offers `choose_skill` and its answer must
 * be that tool's call, so the adapters force it (`tool_choice`) rather than hope for it.
 */
export function forcedToolOf(request: ModelRequest): string | undefined {
  const routes =
    request.purpose === 'route' && request.tools.some((tool) => tool.name === chooseSkillToolName);
  return routes ? chooseSkillToolName : undefined;
}
