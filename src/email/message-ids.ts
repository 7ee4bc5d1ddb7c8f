import { randomUUID } from 'node:crypto';

/** Longest message id kept; anything longer is not a real one. */
const maxLength = 998;

/** `<id@host>` from a header value (with or without brackets); undefined for nothing usable. */
export function normalizeMessageId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bracketed = /<([^<>\s]+)>/.exec(value);
  const id = bracketed ? bracketed[1] : value.trim();
  if (!id || /[\s<>]/.test(id) || id.length > maxLength) return undefined;
  return `<${id}>`;
}

/** Message ids of a `References` header (as mailparser gives it: one string or several). */
export function messageIdList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : value.split(/\s+/);
  const ids = parts.flatMap((part) => {
    const id = normalizeMessageId(part);
    return id ? [id] : [];
  });
  return [...new Set(ids)];
}

/** A new message id on the channel's domain. */
export function newMessageId(domain: string, newId: () => string = randomUUID): string {
  return `<${newId()}@${domain}>`;
}
