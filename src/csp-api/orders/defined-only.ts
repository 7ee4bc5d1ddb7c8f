/** Keeps only the values a client gave (drops `undefined` and `null`), so stored records have no empty keys. */
export const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== null)) as T;
