import type { SupplierScope } from '../auth/scopes.ts';
import type { FieldSchema } from '../query/field-schema.ts';
import { parseListQuery } from '../query/list-query.ts';
import { project, projectionFromQuery } from '../query/projection.ts';
import type { Doc, DocumentTableStore, Scope } from '../store/document-table.ts';
import { found } from './body.ts';
import type { RouteKit, SupplierRouteRequest } from './route-kit.ts';

export interface DocumentReadsOptions<T extends Doc> {
  /** Collection path, e.g. `/api/purchase_orders`; the show route is `${path}/:id`. */
  path: string;
  scope: SupplierScope;
  table: DocumentTableStore<T>;
  fields: FieldSchema;
  /** Narrows both routes, e.g. to the catalog named in the path. */
  scopeOf?: (request: SupplierRouteRequest) => Scope;
  /** Shapes a stored document for the response. */
  present?: (doc: T, request: SupplierRouteRequest) => Record<string, unknown>;
  /** Name of the show parameter; `id` by default. */
  idParam?: string;
}

/** `GET path` (filters, paging, shaping) and `GET path/:id` (id or document number) for one document table. */
export function registerDocumentReads<T extends Doc>(kit: RouteKit, options: DocumentReadsOptions<T>): void {
  const present = options.present ?? ((doc: T) => doc);
  const idParam = options.idParam ?? 'id';
  kit.read(options.path, options.scope, (request) => {
    const query = parseListQuery(request.query, options.fields);
    const scope = options.scopeOf?.(request);
    return options.table
      .list(request.supplierId, query, scope)
      .map((doc) => project(present(doc, request), query.projection));
  });
  kit.read(`${options.path}/:${idParam}`, options.scope, (request) => {
    const scope = options.scopeOf?.(request);
    const doc = found(options.table.find(request.supplierId, request.params[idParam] ?? '', scope));
    return project(present(doc, request), projectionFromQuery(request.query));
  });
}
