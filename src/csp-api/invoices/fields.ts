import { type FieldSchema, fieldsOf } from '../query/field-schema.ts';

export const invoiceFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    'invoice-number': 'string',
    'invoice-date': 'date',
    status: 'string',
    'document-type': 'string',
    currency: 'string',
    'po-number': 'string',
    'gross-total': 'number',
    'total-with-taxes': 'number',
    paid: 'boolean',
    'payment-date': 'date',
    'net-due-date': 'date',
    'customer.id': 'number',
    'customer.name': 'string',
    'created-at': 'datetime',
    'updated-at': 'datetime',
  }),
  collections: {
    'invoice-lines': {
      path: ['invoice-lines'],
      fields: fieldsOf({
        'line-num': 'number',
        description: 'string',
        'source-part-num': 'string',
        'po-number': 'string',
        quantity: 'number',
      }),
    },
    'dispute-reasons': { path: ['dispute-reasons'], fields: fieldsOf({ code: 'string' }) },
  },
};
