import { boundedList, count, describeFailure, humanize } from './answer-writing.ts';
import { enrichmentFor, missingFields } from './catalog-inference.ts';
import {
  answer,
  call,
  calls,
  callsNamed,
  collected,
  failureOf,
  type JsonRecord,
  nextPage,
  pagesOf,
  recordOf,
} from './plan-helpers.ts';
import type { PlannedCall, PlannerContext, PlanStep } from './planner-types.ts';

/** Updates sent in one response (parallel tool calls). */
export const updateBatchSize = 10;

/**
 * catalog-enrichment: "enrich the draft catalog", "fill in missing UNSPSC codes", "enrich the
 * Globex 2027 catalog", "which items are missing a description?" (report only). Lists the
 * catalogs, pages through the items of the drafts concerned, then updates every item lacking a
 * UNSPSC code, description or lead time, ten calls at a time. Re-running re-lists first, so items
 * completed earlier are skipped.
 */
export function planCatalogEnrichment(context: PlannerContext): PlanStep {
  const listing = nextPage(context, 'catalogs_list', {});
  if (listing) return calls('Listing your catalogs to find the draft ones.', [listing]);
  const failure = pagesOf(context, 'catalogs_list', {}).map(failureOf).find(Boolean);
  if (failure) return answer(`I could not list your catalogs: ${describeFailure(failure)}.`);
  const selection = selectCatalogs(context.text, collected(context, 'catalogs_list', {}));
  if (selection.kind === 'refuse') return answer(selection.text);
  const pages = selection.catalogs.flatMap((catalog) => {
    const next = nextPage(context, 'catalog_items_list', { catalog: catalog.id }, 20);
    return next ? [next] : [];
  });
  if (pages.length > 0)
    return calls(`Reading the items of ${selection.catalogs.map((c) => c.name).join(', ')}.`, pages);
  const reportOnly = !/\b(enrich|fill|complete|fix|update|add|infer|populate|set)\b/i.test(context.text);
  if (!reportOnly) {
    const batch = pendingUpdates(context, selection.catalogs).slice(0, updateBatchSize);
    if (batch.length > 0) return calls(`Filling in ${count(batch.length, 'item')}.`, batch);
  }
  const reports = selection.catalogs.map((catalog) => catalogReport(context, catalog, reportOnly));
  if (selection.others.length > 0) {
    const names = selection.others.map((catalog) => `"${catalog.name}"`).join(', ');
    reports.push(
      `You have more draft catalogs: ${names}. Say "enrich ${selection.others[0]!.name}" or "enrich all draft catalogs".`,
    );
  }
  return answer(reports.join('\n\n'));
}

type Selection =
  | { kind: 'catalogs'; catalogs: JsonRecord[]; others: JsonRecord[] }
  | { kind: 'refuse'; text: string };

/**
 * The catalogs a request is about: the ones it names, else those of a customer it names, else the
 * drafts. "the draft catalog" (one) takes the first draft and names the others; "all draft
 * catalogs" takes every draft. Only drafts can be edited.
 */
export function selectCatalogs(text: string, catalogs: readonly JsonRecord[]): Selection {
  const lower = text.toLowerCase();
  const named = catalogs.filter((catalog) => lower.includes(String(catalog.name).toLowerCase()));
  const ofCustomer = catalogs.filter((catalog) => {
    const customer = String(recordOf(catalog.customer).name ?? '')
      .split(' ')[0]
      ?.toLowerCase();
    return customer !== undefined && customer !== '' && new RegExp(`\\b${customer}\\b`).test(lower);
  });
  const chosen = named.length > 0 ? named : ofCustomer.length > 0 ? ofCustomer : catalogs;
  const drafts = chosen.filter((catalog) => catalog.status === 'draft');
  const plural = /\b(all|every|each|both)\b|\bcatalog(ue)?s\b/.test(lower);
  if (drafts.length > 1 && !plural) {
    return { kind: 'catalogs', catalogs: drafts.slice(0, 1), others: drafts.slice(1) };
  }
  if (drafts.length > 0) return { kind: 'catalogs', catalogs: drafts, others: [] };
  if (named.length > 0) {
    const names = named.map((catalog) => `${catalog.name} (${humanize(catalog.status)})`).join(', ');
    return { kind: 'refuse', text: `${names}: only draft catalogs can be edited, so I changed nothing.` };
  }
  return { kind: 'refuse', text: 'You have no draft catalog to enrich; only drafts can be edited.' };
}

function itemsOf(context: PlannerContext, catalog: JsonRecord): JsonRecord[] {
  return collected(context, 'catalog_items_list', { catalog: catalog.id });
}

const itemKey = (catalog: unknown, item: unknown) => `${String(catalog)}:${String(item)}`;

function attemptedKeys(context: PlannerContext): Set<string> {
  return new Set(
    callsNamed(context, 'catalog_items_update').map((executed) =>
      itemKey(executed.input.catalog, executed.input.id),
    ),
  );
}

/** Updates still to make: items lacking a field that can be inferred, not tried in this turn yet. */
function pendingUpdates(context: PlannerContext, catalogs: readonly JsonRecord[]): PlannedCall[] {
  const attempted = attemptedKeys(context);
  return catalogs.flatMap((catalog) =>
    itemsOf(context, catalog).flatMap((item) => {
      const fields = enrichmentFor(item);
      if (Object.keys(fields).length === 0 || attempted.has(itemKey(catalog.id, item.id))) return [];
      return [call('catalog_items_update', { catalog: catalog.id, id: item.id, ...fields })];
    }),
  );
}

function catalogReport(context: PlannerContext, catalog: JsonRecord, reportOnly: boolean): string {
  const pages = pagesOf(context, 'catalog_items_list', { catalog: catalog.id });
  const listFailure = pages.map(failureOf).find(Boolean);
  if (listFailure) return `${catalog.name}: I could not list its items (${describeFailure(listFailure)}).`;
  const items = itemsOf(context, catalog);
  const lacking = items.filter((item) => missingFields(item).length > 0);
  const complete = items.length - lacking.length;
  if (reportOnly) {
    const lines = lacking.map(
      (item) =>
        `${item['supplier-part-num']} ${item.name}: missing ${missingFields(item).join(', ').replace(/_/g, ' ')}`,
    );
    return `${catalog.name} (${humanize(catalog.status)}, ${count(items.length, 'item')}): ${complete} complete, ${lacking.length} lacking a UNSPSC code, description or lead time.${lines.length > 0 ? `\n${boundedList(lines)}\nSay "enrich ${catalog.name}" to fill them in.` : ''}`;
  }
  const updates = callsNamed(context, 'catalog_items_update').filter(
    (executed) => executed.input.catalog === catalog.id,
  );
  const failed = updates.filter((executed) => failureOf(executed));
  const updated = updates.length - failed.length;
  const noCode = lacking.filter(
    (item) => missingFields(item).includes('unspsc_code') && !enrichmentFor(item).unspsc_code,
  );
  const parts = [
    `${catalog.name}: ${count(items.length, 'item')}; updated ${count(updated, 'item')}, ${complete} were already complete.`,
    updated > 0
      ? "Filled values are inferred by the demo model (UNSPSC from keywords in the name, lead time by category, description from the item's attributes): please review them before submitting the catalog."
      : undefined,
    failed.length > 0
      ? `${count(failed.length, 'update')} failed:\n${boundedList(failed.map((executed) => `item ${executed.input.id}: ${describeFailure(failureOf(executed)!)}`))}`
      : undefined,
    noCode.length > 0
      ? `No UNSPSC code could be inferred for ${count(noCode.length, 'item')}; set them by hand:\n${boundedList(noCode.map((item) => `${item['supplier-part-num']} ${item.name}`))}`
      : undefined,
  ];
  return parts.filter((part) => part !== undefined).join('\n');
}
