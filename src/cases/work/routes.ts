import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { ctxOf } from '../../http/ctx.js';
import { errorResponses, IdParams, Page } from '../../http/schemas.js';
import { AppError } from '../../shared/errors.js';
import {
  AddTaskBody,
  AnswerReferralBody,
  CaseClocks,
  Caseload,
  CaseloadQuery,
  ChangeResult,
  OverdueBoard,
  Referral,
  ReferralListQuery,
  SendReferralBody,
  SlaStepList,
  SlaStepsBody,
  Task,
  TaskListQuery,
  UpdateTaskBody,
  WithdrawReferralBody,
  WorkVocabulary,
} from './api-schemas.js';
import { caseload } from './board/caseload.js';
import { overdueBoard } from './board/overdue-board.js';
import { answerReferral } from './referrals/answer-referral.js';
import { caseReferrals, listReferrals } from './referrals/list-referrals.js';
import { sendReferral } from './referrals/send-referral.js';
import { withdrawReferral } from './referrals/withdraw-referral.js';
import { caseClocks } from './sla/case-clocks.js';
import { listSlaSteps, replaceSlaSteps } from './sla/sla-steps.js';
import { addTask } from './tasks/add-task.js';
import { caseTasks, listTasks } from './tasks/list-tasks.js';
import { runCaseWorkSweep, sweepCaseWork } from './tasks/sweep-work.js';
import { updateTask } from './tasks/update-task.js';
import { workVocabulary } from './vocab.js';

const tags = ['cases'];

/**
 * Case work: referrals and transfers, tasks and reminders, SLA clocks, the overdue board and the
 * caseload. Each route validates, calls one use case (which authorises and audits), and answers.
 */
export async function caseWorkRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.jobs.add({ name: 'cases.work-sweep', everyMs: 60_000, run: () => sweepCaseWork(deps) });

  app.get(
    '/cases/work-vocabulary',
    { schema: { tags, summary: 'Danh mục chuyển tuyến, công việc / case-work labels', response: { 200: WorkVocabulary, ...errorResponses } } },
    async (req) => {
      // labels only, but for staff: the console asks after sign-in
      if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
      return workVocabulary(req.lang);
    },
  );

  // ── referrals and transfers ────────────────────────────────────────────────────────────────
  app.get(
    '/cases/referrals',
    {
      schema: {
        tags,
        summary: 'Chuyển tuyến đến / đi — referrals inbox',
        querystring: ReferralListQuery,
        response: { 200: Page(Referral), ...errorResponses },
      },
    },
    async (req) => listReferrals(ctxOf(req, deps), req.lang, req.query),
  );
  app.get(
    '/cases/:id/referrals',
    { schema: { tags, summary: 'Chuyển tuyến của một vụ việc / referrals of a case', params: IdParams, response: { 200: Page(Referral), ...errorResponses } } },
    async (req) => caseReferrals(ctxOf(req, deps), req.lang, req.params.id),
  );
  app.post(
    '/cases/:id/referrals',
    {
      schema: {
        tags,
        summary: 'Chuyển tuyến hoặc chuyển giao vụ việc / refer or transfer a case',
        params: IdParams,
        body: SendReferralBody,
        response: { 201: ChangeResult, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendReferral(ctxOf(req, deps), req.params.id, req.body)),
  );
  app.post(
    '/cases/referrals/:id/answer',
    {
      schema: {
        tags,
        summary: 'Nhận hoặc từ chối / accept or decline',
        params: IdParams,
        body: AnswerReferralBody,
        response: { 200: ChangeResult, ...errorResponses },
      },
    },
    async (req) => answerReferral(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post(
    '/cases/referrals/:id/withdraw',
    {
      schema: { tags, summary: 'Rút lại yêu cầu / withdraw', params: IdParams, body: WithdrawReferralBody, response: { 200: ChangeResult, ...errorResponses } },
    },
    async (req) => withdrawReferral(ctxOf(req, deps), req.params.id, req.body),
  );

  // ── tasks ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/cases/tasks',
    { schema: { tags, summary: 'Công việc / tasks across my cases', querystring: TaskListQuery, response: { 200: Page(Task), ...errorResponses } } },
    async (req) => listTasks(ctxOf(req, deps), req.lang, req.query),
  );
  app.get(
    '/cases/:id/tasks',
    { schema: { tags, summary: 'Công việc của một vụ việc / tasks of a case', params: IdParams, response: { 200: Page(Task), ...errorResponses } } },
    async (req) => caseTasks(ctxOf(req, deps), req.lang, req.params.id),
  );
  app.post(
    '/cases/:id/tasks',
    { schema: { tags, summary: 'Giao việc / add a task', params: IdParams, body: AddTaskBody, response: { 201: ChangeResult, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await addTask(ctxOf(req, deps), req.params.id, req.body)),
  );
  app.patch(
    '/cases/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Hoàn thành, huỷ, dời hạn / done, cancel, reschedule',
        params: IdParams,
        body: UpdateTaskBody,
        response: { 200: ChangeResult, ...errorResponses },
      },
    },
    async (req) => updateTask(ctxOf(req, deps), req.params.id, req.body),
  );

  // ── SLA, overdue, caseload ──────────────────────────────────────────────────────────────────
  app.get(
    '/cases/:id/clocks',
    { schema: { tags, summary: 'Thời hạn từng bước (SLA) / SLA clocks of a case', params: IdParams, response: { 200: CaseClocks, ...errorResponses } } },
    async (req) => caseClocks(ctxOf(req, deps), req.lang, req.params.id),
  );
  app.get('/cases/overdue', { schema: { tags, summary: 'Bảng quá hạn / overdue board', response: { 200: OverdueBoard, ...errorResponses } } }, async (req) =>
    overdueBoard(ctxOf(req, deps), req.lang),
  );
  app.get(
    '/cases/caseload',
    {
      schema: {
        tags,
        summary: 'Khối lượng công việc / caseload per unit and worker',
        querystring: CaseloadQuery,
        response: { 200: Caseload, ...errorResponses },
      },
    },
    async (req) => caseload(ctxOf(req, deps), req.lang, req.query),
  );
  app.get(
    '/cases/sla-steps',
    { schema: { tags, summary: 'Các bước có thời hạn / SLA steps', response: { 200: SlaStepList, ...errorResponses } } },
    async (req) => listSlaSteps(ctxOf(req, deps), req.lang),
  );
  app.put(
    '/cases/sla-steps',
    {
      schema: {
        tags,
        summary: 'Đặt các bước có thời hạn / set the SLA steps',
        body: SlaStepsBody,
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => ({ count: await replaceSlaSteps(ctxOf(req, deps), req.body) }),
  );
  app.post(
    '/cases/work-sweep',
    { schema: { tags, summary: 'Chạy nhắc việc ngay / run reminders now', response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses } } },
    async (req) => ({ count: await runCaseWorkSweep(ctxOf(req, deps)) }),
  );
}
