import { manifestAsJson, toolManifest } from '../../tools/manifest/index.ts';
import type { CliCommand } from '../command.ts';

export const toolsCommand: CliCommand = {
  name: 'tools',
  summary:
    "Prints the agent tool manifest: each tool's description, input schema, csp command and API operations.",
  options: { json: { type: 'boolean', description: 'Print the whole manifest as JSON.' } },
  async run(values, _positionals, io) {
    if (values.json) {
      io.stdout(manifestAsJson());
      return 0;
    }
    const width = Math.max(...toolManifest.map((tool) => tool.name.length));
    for (const tool of toolManifest) {
      const operations = tool.operations
        .map((operation) => `${operation.method} ${operation.path}`)
        .join(', ');
      io.stdout(`${tool.name.padEnd(width)}  csp ${tool.command.join(' ')}  [${operations}]\n`);
    }
    return 0;
  },
};
