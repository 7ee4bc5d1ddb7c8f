import type { Doc, DocumentTableStore, OwnedDocument } from '../store/document-table.ts';
import { found } from './body.ts';

/**
 * A record for a `/sim` route, whoever owns it: the buyer side is not bound to a supplier. Only
 * numeric ids are accepted, since document numbers are unique per supplier only.
 */
export function findForBuyer<T extends Doc>(
  table: DocumentTableStore<T>,
  id: string | undefined,
): OwnedDocument<T> {
  return found(id !== undefined && /^\d+$/.test(id) ? table.findForBuyer(Number(id)) : undefined);
}
