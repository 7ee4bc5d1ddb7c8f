/**
 * Bank details and a postal address from a request to add a remit-to address. Recognises labelled
 * parts ("IBAN ...", "BIC ...", "street: ...") and a compact address after "at"/"address":
 * `12 Harbour Street, 28195 Bremen, DE` or `100 Main St, Cleveland, OH 44114, US`.
 */

export interface BankDetails {
  iban?: string;
  swift?: string;
  account_number?: string;
  routing_number?: string;
  sort_code?: string;
  bank_name?: string;
}

export interface PostalAddress {
  street1?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

export function extractBankDetails(text: string): BankDetails {
  const details: BankDetails = {};
  const iban = /\biban\s*:?\s*([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){3,8})\b/i.exec(text);
  if (iban) details.iban = iban[1]!.replace(/\s+/g, '').toUpperCase();
  const swift = /\b(?:swift|bic)(?:\s+code)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b/i.exec(text);
  if (swift) details.swift = swift[1]!.toUpperCase();
  const account = /\baccount(?:\s+(?:number|no\.?|#))?\s*:?\s*(\d[\d\s-]{4,}\d)\b/i.exec(text);
  if (account) details.account_number = account[1]!.replace(/[\s-]/g, '');
  const routing = /\b(?:routing|aba)(?:\s+(?:number|no\.?|#))?\s*:?\s*(\d{9})\b/i.exec(text);
  if (routing) details.routing_number = routing[1]!;
  const sort = /\bsort\s+code\s*:?\s*(\d{2}[-\s]?\d{2}[-\s]?\d{2})\b/i.exec(text);
  if (sort) details.sort_code = sort[1]!.replace(/[\s-]/g, '');
  const bank = /\bbank(?:\s+name)?\s*:\s*([^,;\n]+)|\bat\s+([A-Z][\w&.' -]*\bBank\b(?:\s+[A-Z]{2,4})?)/.exec(
    text,
  );
  if (bank) details.bank_name = (bank[1] ?? bank[2])!.trim();
  return details;
}

const labelled = (text: string, label: string): string | undefined =>
  new RegExp(`\\b(?:${label})\\s*:\\s*([^,;\\n]+)`, 'i').exec(text)?.[1]?.trim();

export function extractPostalAddress(text: string): PostalAddress {
  const address: PostalAddress = {};
  const set = (key: keyof PostalAddress, value: string | undefined) => {
    if (value !== undefined && value !== '' && address[key] === undefined) address[key] = value;
  };
  set('street1', labelled(text, 'street|street1|address line 1'));
  set('city', labelled(text, 'city|town'));
  set('state', labelled(text, 'state|region'));
  set('postal_code', labelled(text, 'postal code|postcode|zip(?: code)?'));
  const labelledCountry = labelled(text, 'country');
  if (labelledCountry && /^[A-Za-z]{2}$/.test(labelledCountry)) set('country', labelledCountry.toUpperCase());
  const compact = compactAddress(text);
  for (const [key, value] of Object.entries(compact) as [keyof PostalAddress, string][]) set(key, value);
  return address;
}

/** `at 12 Harbour Street, 28195 Bremen, DE`: street, then postal code and city, then country. */
function compactAddress(text: string): PostalAddress {
  const start =
    /\b(?:at|address|located at)\s*:?\s+(\d+[A-Za-z]?\s+[A-Za-z][^,;\n]*|P\.?O\.? Box \d+[^,;\n]*)/i.exec(
      text,
    );
  if (!start) return {};
  const address: PostalAddress = { street1: start[1]!.trim() };
  const rest = text
    .slice(start.index + start[0].length)
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const part of rest.slice(0, 4)) {
    const european = /^(\d{4,6})\s+([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]*)$/.exec(part);
    const american = /^([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/.exec(part);
    const british = /^([A-Za-z][A-Za-z .'-]*)\s+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$/.exec(part);
    if (european) {
      address.postal_code ??= european[1]!;
      address.city ??= european[2]!.trim();
    } else if (american) {
      address.state ??= american[1]!;
      address.postal_code ??= american[2]!;
    } else if (british) {
      address.city ??= british[1]!.trim();
      address.postal_code ??= british[2]!;
    } else if (/^[A-Z]{2}(\s|$)/.test(part)) {
      address.country ??= part.slice(0, 2);
      break;
    } else if (/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]*$/.test(part) && address.city === undefined) {
      address.city = part;
    } else {
      break;
    }
  }
  return address;
}

/** The remit-to's name when the request gives one: `named "Northwind Receivables EU"`. */
export function extractRemitToName(text: string): string | undefined {
  return /\b(?:named|called|name)\s*:?\s*["'“]([^"'”]+)["'”]/i.exec(text)?.[1]?.trim();
}

/** `****3000`: what an answer may show of a bank number. */
export function maskNumber(value: string): string {
  return `****${value.slice(-4)}`;
}
