export type { Cell, CellBinding, CellCommand, CellExit, CellExitReason, CellResources } from './cell.ts';
export { type CellCgroup, type CellCgroups, type CgroupMode, createCellCgroups } from './cell-cgroups.ts';
export type {
  CellDriver,
  CellDriverName,
  CellLimits,
  CellMount,
  CellProcess,
  CellSpec,
  SandboxLogger,
} from './cell-driver.ts';
export { brokerSocketName, cellAppRoot, cellBrokerDir, defaultAppEntries } from './cell-filesystem.ts';
export { type AcquireOptions, type CellPool, type CellPoolOptions, createCellPool } from './cell-pool.ts';
export { processTree, proportionalMemoryBytes } from './process-memory.ts';
export {
  type CellDriverPreference,
  type CreateCellDriverOptions,
  createCellDriver,
  type SelectCellDriverOptions,
  selectCellDriver,
} from './select-cell-driver.ts';
export { type StartCellOptions, startCell } from './start-cell.ts';
