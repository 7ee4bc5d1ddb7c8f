import type { CommandDefinition } from '../command-types.ts';
import { catalogItemCommands } from './catalog-items.ts';
import { catalogCommands } from './catalogs.ts';
import { customerCommands } from './customers.ts';
import { invoiceWriteCommands } from './invoice-writes.ts';
import { invoiceReadCommands } from './invoices.ts';
import { profileCommands } from './profile.ts';
import { purchaseOrderChangeCommands } from './purchase-order-changes.ts';
import { confirmCommand, proposeChangeCommand } from './purchase-order-writes.ts';
import { acknowledgeCommand, purchaseOrderReadCommands } from './purchase-orders.ts';
import { remitToCommands } from './remit-to.ts';

/** Every `csp` command, in the order help lists them. */
export const cspCommands: readonly CommandDefinition[] = [
  ...customerCommands,
  ...purchaseOrderReadCommands,
  acknowledgeCommand,
  confirmCommand,
  proposeChangeCommand,
  ...purchaseOrderChangeCommands,
  ...invoiceReadCommands,
  ...invoiceWriteCommands,
  ...profileCommands,
  ...remitToCommands,
  ...catalogCommands,
  ...catalogItemCommands,
];

/** The command named exactly by these words. */
export function findCommand(path: readonly string[]): CommandDefinition | undefined {
  return cspCommands.find(
    (command) =>
      command.path.length === path.length && command.path.every((word, index) => word === path[index]),
  );
}
