import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, Nullable } from '../http/schemas.js';
import { SCHOOL_LEVELS } from '../org/schools/levels.js';
import { readCoverage } from './coverage/read-coverage.js';
import { coverageReminderJob } from './coverage/reminder-job.js';
import { getCoverageSettings, updateCoverageSettings } from './coverage/save-settings.js';
import { sendReminders } from './coverage/send-reminders.js';
import './messages.js';

const Day = Type.String({ minLength: 10, maxLength: 10 });
const Level = Type.Union(SCHOOL_LEVELS.map((l) => Type.Literal(l)));
const PeriodQuery = {
  period: Type.Optional(Type.String({ maxLength: 20, pattern: '^\\d{4}-\\d{4}(-hk[12])?$' })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
};
export const CoverageAnswer = Type.Object({
  period: Type.Object({ key: Type.String(), from: Type.String(), to: Type.String(), label: Type.String() }),
  minSessions: Type.Integer(),
  cells: Type.Array(Type.Object({ unitId: Type.String(), unitName: Type.String(), level: Level, schools: Type.Integer(), covered: Type.Integer() })),
  uncovered: Type.Array(
    Type.Object({
      schoolId: Type.String(),
      code: Type.String(),
      name: Type.String(),
      unitId: Type.String(),
      unitName: Type.String(),
      level: Level,
      sessions: Type.Integer(),
    }),
  ),
  /** the caller's own school (a school administrator's view), null for ward and city staff */
  ownSchool: Nullable(Type.Object({ schoolId: Type.String(), name: Type.String(), covered: Type.Boolean(), sessions: Type.Integer() })),
});
const MonthDay = Type.String({ pattern: '^\\d{2}-\\d{2}$' });
export const CoverageSettingsT = Type.Object({
  minSessions: Type.Integer({ minimum: 1, maximum: 50 }),
  yearStart: MonthDay,
  semester2Start: MonthDay,
  yearEnd: MonthDay,
});

/** Coverage per ward and level, the schools not yet covered, reminders, and the coverage settings. */
export async function programmeCoverageRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['programmes'];
  app.jobs.add(coverageReminderJob(deps));

  app.get(
    '/programmes/coverage',
    {
      schema: {
        tags,
        summary: 'Độ bao phủ theo phường/xã và cấp học / coverage per ward and level',
        querystring: Type.Object({ ...PeriodQuery, minSessions: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
        response: { 200: CoverageAnswer, ...errorResponses },
      },
    },
    async (req) => {
      const c = await readCoverage(ctxOf(req, deps), req.query);
      const unitName = (id: string) => c.unitNames.get(id)?.[req.lang] ?? id;
      return {
        period: { key: c.period.key, from: c.period.from, to: c.period.to, label: c.period.label[req.lang] },
        minSessions: c.minSessions,
        cells: c.cells.map((x) => ({ ...x, unitName: unitName(x.unitId) })),
        uncovered: c.uncovered.map((x) => ({ ...x, unitName: unitName(x.unitId) })),
        ownSchool: c.ownSchool,
      };
    },
  );

  app.post(
    '/programmes/coverage/reminders',
    {
      schema: {
        tags,
        summary: 'Nhắc các trường chưa đạt / remind schools not yet covered',
        querystring: Type.Object(PeriodQuery),
        response: { 200: Type.Object({ schools: Type.Integer(), notified: Type.Integer(), mails: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => sendReminders(ctxOf(req, deps), req.query),
  );

  app.get('/programmes/coverage/settings', { schema: { tags, response: { 200: CoverageSettingsT, ...errorResponses } } }, async (req) =>
    getCoverageSettings(ctxOf(req, deps)),
  );
  app.put(
    '/programmes/coverage/settings',
    {
      schema: {
        tags,
        body: Type.Partial(CoverageSettingsT, { additionalProperties: false, minProperties: 1 }),
        response: { 200: CoverageSettingsT, ...errorResponses },
      },
    },
    async (req) => updateCoverageSettings(ctxOf(req, deps), req.body),
  );
}
