import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { Lang } from '../shared/i18n.js';

/** Ajv speaks English; this turns its common errors into a short sentence in the caller's language. */
export function describeValidation(errors: FastifySchemaValidationError[], context: string | undefined, lang: Lang): string {
  const e = errors[0];
  if (!e) return '';
  const params = e.params as Record<string, unknown>;
  const base = (e.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const where = context && context !== 'body' ? `${context}${base ? `.${base}` : ''}` : base;
  const field = (name: string) => (name ? `'${name}'` : lang === 'vi' ? 'dữ liệu' : 'input');
  const vi = lang === 'vi';
  switch (e.keyword) {
    case 'required': {
      const name = [where, String(params.missingProperty)].filter(Boolean).join('.');
      return vi ? `thiếu trường ${field(name)}` : `missing field ${field(name)}`;
    }
    case 'additionalProperties': {
      const name = [where, String(params.additionalProperty)].filter(Boolean).join('.');
      return vi ? `trường ${field(name)} không được phép` : `field ${field(name)} is not allowed`;
    }
    case 'type':
      return vi ? `${field(where)} phải có kiểu ${params.type}` : `${field(where)} must be of type ${params.type}`;
    case 'minLength':
      return vi ? `${field(where)} cần ít nhất ${params.limit} ký tự` : `${field(where)} needs at least ${params.limit} characters`;
    case 'maxLength':
      return vi ? `${field(where)} dài quá ${params.limit} ký tự` : `${field(where)} is longer than ${params.limit} characters`;
    case 'minItems':
      return vi ? `${field(where)} cần ít nhất ${params.limit} mục` : `${field(where)} needs at least ${params.limit} items`;
    case 'maxItems':
      return vi ? `${field(where)} có quá ${params.limit} mục` : `${field(where)} has more than ${params.limit} items`;
    case 'minimum':
    case 'maximum':
      return vi
        ? `${field(where)} phải ${e.keyword === 'minimum' ? '≥' : '≤'} ${params.limit}`
        : `${field(where)} must be ${e.keyword === 'minimum' ? '≥' : '≤'} ${params.limit}`;
    case 'enum':
    case 'const':
    case 'anyOf': {
      const allowed = Array.isArray(params.allowedValues) ? ` (${params.allowedValues.join(', ')})` : '';
      return vi ? `${field(where)} có giá trị không hợp lệ${allowed}` : `${field(where)} has a value that is not allowed${allowed}`;
    }
    case 'pattern':
    case 'format':
      return vi ? `${field(where)} sai định dạng` : `${field(where)} has the wrong format`;
    default:
      return vi ? `${field(where)} không hợp lệ` : `${field(where)} is invalid (${e.message ?? e.keyword})`;
  }
}
