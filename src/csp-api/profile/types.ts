import type { Address, Reference } from '../shared-types.ts';

export interface Contact {
  kind: 'Primary' | 'Standard';
  'name-given': string;
  'name-family': string;
  email: string;
  'phone-work': string | null;
}

/** The supplier's profile as one customer sees it (each customer has its own). */
export interface SupplierProfile {
  id: number;
  customer: Reference;
  name: string;
  'display-name': string;
  number: string;
  status: 'active' | 'inactive' | 'draft';
  'tax-id': string;
  duns: string;
  'primary-address': Address;
  'primary-contact': Contact;
  contacts: Contact[];
  'payment-term': { code: string };
  'payment-method': 'invoice' | 'pcard' | 'invoice_only' | 'pcard_only' | 'virtual_card';
  'po-method': 'cxml' | 'xml' | 'email' | 'prompt' | 'mark_as_sent' | 'buy_online';
  diversities: string[];
  website: string | null;
  'updated-at': string;
}

export interface ProfileChangeRequest {
  id: number;
  customer: Reference;
  'supplier-profile-id': number;
  status: 'draft' | 'pending_approval' | 'approved' | 'declined';
  changes: Record<string, unknown>;
  'previous-values': Record<string, unknown>;
  justification: string | null;
  'decline-reason': string | null;
  'created-at': string;
  'decided-at': string | null;
}

/** Bank details as read: every number masked to its last four characters. */
export interface MaskedBankAccount {
  'name-on-bank-account': string;
  'bank-name': string | null;
  'bank-account-number': string | null;
  'bank-routing-number': string | null;
  'iban-number': string | null;
  'swift-code': string | null;
  'sort-code': string | null;
}

export interface RemitToAddress extends Address {
  id: number;
  customer: Reference;
  'remit-to-code': string;
  name: string;
  'vat-number': string | null;
  active: boolean;
  status: 'pending_approval' | 'active' | 'inactive' | 'declined';
  'bank-account': MaskedBankAccount;
  'decline-reason': string | null;
  'created-at': string;
  'updated-at': string;
}

/** What is stored beside a remit-to address and never returned: the unmasked bank details. */
export type BankSecret = Partial<Record<keyof MaskedBankAccount, string | null>>;
