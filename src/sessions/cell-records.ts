import type { Cell, CellExit } from '../sandbox/cell.ts';

/** The `cell-start` record of a bound cell. */
export function cellStartRecord(cell: Cell): Record<string, unknown> {
  return { cellId: cell.id, driver: cell.driver, pid: cell.pid, startMs: cell.startMs };
}

/** The `cell-exit` record: how the command ended and what the cell used. */
export function cellExitRecord(
  cell: Cell,
  exit: CellExit,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    cellId: cell.id,
    exitCode: exit.exitCode,
    signal: exit.signal,
    reason: exit.reason,
    ...(exit.error === undefined ? {} : { error: exit.error }),
    // JSON has no `undefined`: measurements the machine could not take are left out.
    resources: JSON.parse(JSON.stringify(exit.resources)) as Record<string, unknown>,
    ...extra,
  };
}
