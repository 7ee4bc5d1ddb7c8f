import { type FieldSchema, fieldsOf } from '../query/field-schema.ts';

export const customerFields: FieldSchema = {
  fields: fieldsOf({ id: 'number', name: 'string', 'supplier-number': 'string', currency: 'string' }),
};
