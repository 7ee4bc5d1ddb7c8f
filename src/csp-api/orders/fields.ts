import { type FieldSchema, fieldsOf } from '../query/field-schema.ts';

export const purchaseOrderFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    'po-number': 'string',
    status: 'string',
    version: 'number',
    'acknowledged-flag': 'boolean',
    'acknowledged-at': 'datetime',
    'confirmation-status': 'string',
    currency: 'string',
    total: 'number',
    'invoice-stop': 'boolean',
    'customer.id': 'number',
    'customer.name': 'string',
    'ship-to-attention': 'string',
    'payment-term.code': 'string',
    'created-at': 'datetime',
    'updated-at': 'datetime',
  }),
  collections: {
    'order-lines': {
      path: ['order-lines'],
      fields: fieldsOf({
        'line-num': 'number',
        description: 'string',
        quantity: 'number',
        price: 'number',
        'source-part-num': 'string',
        'need-by-date': 'date',
        status: 'string',
        invoiced: 'number',
        received: 'number',
      }),
    },
  },
};

export const purchaseOrderChangeFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    'order-header-id': 'number',
    'po-number': 'string',
    status: 'string',
    'customer.id': 'number',
    'customer.name': 'string',
    'created-at': 'datetime',
  }),
};
