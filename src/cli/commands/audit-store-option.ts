import type { OptionSpec } from '../command.ts';

/** `--audit-store`, for every command that reads or writes the audit log. */
export const auditStoreOption: Record<string, OptionSpec> = {
  'audit-store': {
    type: 'string',
    description:
      'The audit store: sqlite (the data dir, default) or postgres://USER@HOST:PORT/DB[?schema=NAME] (or SUPPLIER_AGENT_AUDIT_STORE).',
    valueName: 'STORE',
  },
};
