/** A buyer company the supplier serves (Coupa's "Select Customer"). */
export interface Customer {
  id: number;
  name: string;
  /** The supplier's own number at this customer. */
  'supplier-number': string;
  currency: string;
  'payment-term': { code: string };
  /** Default tax rate on invoices to this customer (0.0825 = 8.25 %). */
  'tax-rate': number;
  /** Units of measure that exist at this customer; catalog items must use one of them. */
  uoms: string[];
  'allow-change-requests': boolean;
  'allow-inv-from-connect': boolean;
  'created-at': string;
}
