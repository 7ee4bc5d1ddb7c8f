import { AppError } from '../errors/index.ts';
import { createBubblewrapDriver } from './bubblewrap-driver.ts';
import { type CellCgroups, createCellCgroups } from './cell-cgroups.ts';
import type { CellDriver, CellDriverName, SandboxLogger } from './cell-driver.ts';
import { createNoneDriver } from './none-driver.ts';
import { createUnshareDriver } from './unshare-driver.ts';

/** `auto` takes the strongest driver that works here. */
export type CellDriverPreference = 'auto' | CellDriverName;

export interface CreateCellDriverOptions {
  /** Production mode refuses the `none` driver. */
  production: boolean;
  log: SandboxLogger;
  /** Shared by every cell of the driver. Default: detected under `/sys/fs/cgroup`. */
  cgroups?: CellCgroups | undefined;
  /** The Node binary cells run. Default: the one running this process. */
  nodePath?: string | undefined;
  /** The bubblewrap executable. Default `bwrap`. */
  bubblewrapPath?: string | undefined;
}

export interface SelectCellDriverOptions extends CreateCellDriverOptions {
  /** Default `auto`. */
  preferred?: CellDriverPreference | undefined;
}

/** Strongest first. */
const fallbackOrder: readonly CellDriverName[] = ['bubblewrap', 'unshare', 'none'];

/** Builds one driver by name without checking that it works; refuses `none` in production mode. */
export function createCellDriver(name: CellDriverName, options: CreateCellDriverOptions): CellDriver {
  const cgroups = options.cgroups ?? createCellCgroups({ log: options.log });
  const nodePath = options.nodePath ?? process.execPath;
  switch (name) {
    case 'bubblewrap':
      return createBubblewrapDriver({
        cgroups,
        log: options.log,
        nodePath,
        ...(options.bubblewrapPath ? { executable: options.bubblewrapPath } : {}),
      });
    case 'unshare':
      return createUnshareDriver({ cgroups, nodePath });
    case 'none':
      if (options.production) {
        throw new AppError(
          'invalid_argument',
          'The sandbox driver "none" runs sessions without isolation and is refused in production mode.',
        );
      }
      return createNoneDriver({ cgroups, log: options.log, nodePath });
  }
}

/**
 * The driver cells will use: the preferred one if it works (an error if it does not), or with
 * `auto` bubblewrap, else unshare, else none (refused in production). Logs the choice.
 */
export async function selectCellDriver(options: SelectCellDriverOptions): Promise<CellDriver> {
  const preferred = options.preferred ?? 'auto';
  const resolved = { ...options, cgroups: options.cgroups ?? createCellCgroups({ log: options.log }) };
  const candidates = preferred === 'auto' ? fallbackOrder : [preferred];
  const tried: string[] = [];
  for (const name of candidates) {
    // Asked for by name, `none` reaches createCellDriver, which explains the refusal.
    if (name === 'none' && options.production && preferred === 'auto') break;
    const driver = createCellDriver(name, resolved);
    if (await driver.available()) {
      const note = tried.length > 0 ? ` (${tried.join(', ')} did not work here)` : '';
      const line = `cells: sandbox driver ${driver.name}${note}`;
      if (driver.name === 'bubblewrap') options.log.info(line);
      else options.log.warn(line);
      return driver;
    }
    tried.push(name);
  }
  throw new AppError(
    'unavailable',
    preferred === 'auto'
      ? `No sandbox driver works on this machine (tried ${tried.join(', ')}); production mode refuses "none".`
      : `The sandbox driver "${preferred}" does not work on this machine.`,
    { details: { tried } },
  );
}
