import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schemas.js';

/** Shapes of the .xlsx import routes (the console reads their types). */
export const PeriodQuery = Type.Object({
  period: Type.Optional(Type.String({ maxLength: 20, pattern: '^\\d{4}-\\d{4}(-hk[12])?$', description: '2025-2026, 2025-2026-hk1, 2025-2026-hk2' })),
});
export const ImportStarted = Type.Object({
  id: Type.String(),
  period: Type.Object({ key: Type.String(), from: Type.String(), to: Type.String(), label: Type.String() }),
});
export const ImportState = Type.Object({
  id: Type.String(),
  status: Type.Union((['reading', 'checking', 'writing', 'done', 'refused', 'failed'] as const).map((s) => Type.Literal(s))),
  done: Type.Integer(),
  total: Type.Integer(),
  created: Nullable(Type.Integer()),
  refusedCount: Type.Integer(),
  rejected: Type.Array(Type.Object({ sheet: Type.String(), line: Type.Integer(), column: Type.String(), code: Type.String(), reason: Type.String() })),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
});
