import path from 'node:path';
import { brokerSocketVariable } from '../config/index.ts';
import { cellAppRoot } from './cell-filesystem.ts';

/**
 * Node flags of the supervisor. One V8 worker thread instead of one per core: every thread counts
 * against the cell's pids limit, and an idle supervisor has no background work to spread.
 */
export const supervisorNodeFlags = ['--v8-pool-size=1'];

export interface CellEnvironmentOptions {
  brokerSocketPath: string;
  home: string;
  /** Directory of the Node binary, put first on PATH so `node` means the host's Node. */
  nodeDirectory: string;
}

/**
 * The whole environment of a cell's supervisor (and the base of its command's): a search path, a
 * home in the private /tmp and the broker socket. Nothing secret, nothing inherited from the host.
 */
export function cellEnvironment(options: CellEnvironmentOptions): Record<string, string> {
  // The application's own tools (`csp`) come first after Node, as the agent's tools run them.
  const searchPath = [options.nodeDirectory, `${cellAppRoot}/bin`, '/usr/local/bin', '/usr/bin', '/bin'];
  return {
    PATH: [...new Set(searchPath.map((entry) => path.resolve(entry)))].join(':'),
    HOME: options.home,
    LANG: 'C.UTF-8',
    [brokerSocketVariable]: options.brokerSocketPath,
  };
}
