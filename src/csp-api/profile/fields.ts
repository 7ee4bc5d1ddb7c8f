import { type FieldSchema, fieldsOf } from '../query/field-schema.ts';

export const supplierProfileFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    name: 'string',
    status: 'string',
    'customer.id': 'number',
    'customer.name': 'string',
  }),
};

export const profileChangeRequestFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    status: 'string',
    'customer.id': 'number',
    'customer.name': 'string',
    'created-at': 'datetime',
  }),
};

export const remitToAddressFields: FieldSchema = {
  fields: fieldsOf({
    id: 'number',
    'remit-to-code': 'string',
    name: 'string',
    status: 'string',
    active: 'boolean',
    city: 'string',
    country: 'string',
    'customer.id': 'number',
    'customer.name': 'string',
    'created-at': 'datetime',
  }),
};
