import { type TSchema, Type } from '@sinclair/typebox';

/** Shared pieces of request/response schemas, so every route speaks the same dialect. */
export const ErrorResponse = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'ErrorResponse', description: 'Mọi lỗi / every error' },
);

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Free text a person types: bounded, no control characters (checked again by cleanText). */
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
