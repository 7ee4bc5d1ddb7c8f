import { type FieldSchema, fieldsOf } from '../query/field-schema.ts';

export const catalogFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    name: 'string',
    status: 'string',
    currency: 'string',
    'item-count': 'number',
    'start-date': 'date',
    'expiration-date': 'date',
    'customer.id': 'number',
    'customer.name': 'string',
    'created-at': 'datetime',
    'updated-at': 'datetime',
  }),
};

export const catalogItemFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    name: 'string',
    description: 'string',
    'uom-code': 'string',
    active: 'boolean',
    'supplier-part-num': 'string',
    'supplier-aux-part-num': 'string',
    manufacturer: 'string',
    'lead-time': 'number',
    'unspsc-code': 'string',
    price: 'number',
    currency: 'string',
    availability: 'string',
    'catalog.id': 'number',
    'updated-at': 'datetime',
  }),
};
