/** Small value shapes shared by several CSP documents (hyphenated keys, as the Coupa API uses). */
export interface Reference {
  id: number;
  name: string;
}

export interface SupplierReference extends Reference {
  number: string;
}

export interface Address {
  street1: string;
  street2?: string | null;
  city: string;
  state?: string | null;
  'postal-code': string;
  country: string;
}

export interface Comment {
  id: number;
  comment: string;
  'created-at': string;
  'created-by': 'supplier' | 'buyer';
}
