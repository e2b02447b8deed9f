import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Ctx, Deps } from '../context.js';
import type { RouteModule } from '../http/app.js';
import { ctxOf } from '../http/ctx.js';
import { errorResponses, IdParams, Page } from '../http/schemas.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n.js';
import {
  ApprovalBody,
  ApprovalSettings,
  ApprovalSettingsBody,
  AssessmentBody,
  AssignBody,
  CaseDetail,
  CaseExport,
  CaseSummary,
  CaseVocabulary,
  ChildIdentity,
  CloseBody,
  ConsentBody,
  ConsentWithdrawBody,
  DecisionBody,
  EvidenceBody,
  FollowUpBody,
  HandoverItem,
  HandoverQuery,
  LinkReportBody,
  ListCasesQuery,
  NoteBody,
  OpenCaseBody,
  OwnerParams,
  PlanBody,
  ReasonBody,
  RegistrationBody,
  ReopenBody,
  ServiceBody,
  ServiceParams,
  ServiceUpdateBody,
  SubjectBody,
  TakeHandoverBody,
  TrackBody,
  UserParams,
  ViolationCloseBody,
  ViolationReferralBody,
} from './api-schemas.js';
import { exportCase } from './export-case.js';
import { handoverInbox } from './handover-inbox.js';
import { caseVocabulary } from './labels.js';
import { listCases } from './list-cases.js';
import { setCaseManager } from './managers.js';
import './messages.js';
import { openCase } from './open-case.js';
import { readCase } from './read-case.js';
import { revealChild } from './reveal-child.js';
import { readApprovalSettings, saveApprovalSettings } from './settings.js';
import { addNote, addTrack, assignCase, decideApproval, linkReport, recordConsent, withdrawConsent } from './steps/case.js';
import { addService, assessRisk, closeVictimTrack, recordFollowUp, registerVictim, reopenVictimTrack, setPlan, updateService } from './steps/victim.js';
import { closeViolationTrack, linkEvidence, recordDecision, recordSubject, referViolation, reopenViolationTrack } from './steps/violation.js';
import { takeHandover } from './take-handover.js';

/**
 * Case management's HTTP face: each route validates (api-schemas.ts), calls one use case (which
 * authorises through case.policy.ts, checks the version and audits), and answers the case page.
 * Bodies may be up to 2 MB so that an over-long note is refused by its schema, naming the field,
 * rather than by the size limit.
 */
const typed = (fastify: FastifyInstance) => fastify.withTypeProvider<TypeBoxTypeProvider>();
type App = ReturnType<typeof typed>;
const tags = ['cases'];
const BODY_LIMIT = 2 * 1024 * 1024;

export const casesRoutes: RouteModule = async (fastify: FastifyInstance, deps: Deps) => {
  const app = typed(fastify);
  openingRoutes(app, deps);
  readingRoutes(app, deps);
  stepRoutes(app, deps);
  settingsRoutes(app, deps);
};

function openingRoutes(app: App, deps: Deps): void {
  app.get(
    '/cases/handovers',
    {
      schema: {
        tags,
        summary: 'Hồ sơ bàn giao gửi đơn vị tôi / hand-overs addressed to my unit',
        querystring: HandoverQuery,
        response: { 200: Page(HandoverItem), ...errorResponses },
      },
    },
    async (req) => handoverInbox(ctxOf(req, deps), req.query),
  );
  app.post(
    '/cases/handovers/:id/take',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Tiếp nhận bàn giao / take a hand-over',
        params: IdParams,
        body: TakeHandoverBody,
        response: { 201: CaseDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await takeHandover(ctxOf(req, deps), req.params.id, req.body, req.lang)),
  );
  app.post(
    '/cases',
    {
      bodyLimit: BODY_LIMIT,
      schema: { tags, summary: 'Mở hồ sơ trực tiếp / open a case directly', body: OpenCaseBody, response: { 201: CaseDetail, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send(await openCase(ctxOf(req, deps), req.body, req.lang)),
  );
}

function readingRoutes(app: App, deps: Deps): void {
  app.get(
    '/cases',
    { schema: { tags, summary: 'Danh sách hồ sơ / case list', querystring: ListCasesQuery, response: { 200: Page(CaseSummary), ...errorResponses } } },
    async (req) => listCases(ctxOf(req, deps), req.query),
  );
  app.get('/cases/vocabulary', { schema: { tags, summary: 'Danh mục mã / code lists', response: { 200: CaseVocabulary, ...errorResponses } } }, async (req) => {
    if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
    return caseVocabulary(req.lang);
  });
  app.get(
    '/cases/:id',
    { schema: { tags, summary: 'Hồ sơ và dòng thời gian / a case and its timeline', params: IdParams, response: { 200: CaseDetail, ...errorResponses } } },
    async (req) => readCase(ctxOf(req, deps), req.params.id, req.lang),
  );
  app.post(
    '/cases/:id/reveal',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Xem thông tin định danh của trẻ (nêu lý do) / the child’s identity, with a reason',
        params: IdParams,
        body: ReasonBody,
        response: { 200: ChildIdentity, ...errorResponses },
      },
    },
    async (req) => revealChild(ctxOf(req, deps), req.params.id, req.body.reason),
  );
  app.post(
    '/cases/:id/export',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Xuất hồ sơ (nêu lý do) / export a case, with a reason',
        params: IdParams,
        body: ReasonBody,
        response: { 200: CaseExport, ...errorResponses },
      },
    },
    async (req) => exportCase(ctxOf(req, deps), req.params.id, req.body.reason, req.lang),
  );
}

/** One POST per step; each answers the case page. */
function stepRoutes(app: App, deps: Deps): void {
  const step = <B extends TSchema>(
    path: string,
    summary: string,
    body: B,
    run: (ctx: Ctx, id: string, body: Static<B>, lang: Lang) => Promise<Static<typeof CaseDetail>>,
  ) =>
    app.post(
      `/cases/:id/${path}`,
      { bodyLimit: BODY_LIMIT, schema: { tags, summary, params: IdParams, body, response: { 200: CaseDetail, ...errorResponses } } },
      async (req) => run(ctxOf(req, deps), (req.params as { id: string }).id, req.body as Static<B>, req.lang),
    );
  step('registration', 'Đăng ký thông tin trẻ / register the child', RegistrationBody, registerVictim);
  step('assessment', 'Đánh giá nguy cơ / risk assessment', AssessmentBody, assessRisk);
  step('plan', 'Kế hoạch hỗ trợ / case plan', PlanBody, setPlan);
  step('approvals', 'Phê duyệt hoặc trả lại / approve or return', ApprovalBody, decideApproval);
  step('services', 'Thêm dịch vụ / add a service', ServiceBody, addService);
  step('follow-ups', 'Theo dõi / follow-up', FollowUpBody, recordFollowUp);
  step('close', 'Đóng luồng hỗ trợ / close support', CloseBody, closeVictimTrack);
  step('reopen', 'Mở lại luồng hỗ trợ / reopen support', ReopenBody, reopenVictimTrack);
  step('subject', 'Đối tượng vi phạm / subject', SubjectBody, recordSubject);
  step('evidence', 'Gắn chứng cứ / link evidence', EvidenceBody, linkEvidence);
  step('violation/referral', 'Chuyển cơ quan chức năng / refer', ViolationReferralBody, referViolation);
  step('violation/decision', 'Quyết định xử lý / decision', DecisionBody, recordDecision);
  step('violation/close', 'Đóng luồng vi phạm / close violation handling', ViolationCloseBody, closeViolationTrack);
  step('violation/reopen', 'Mở lại luồng vi phạm / reopen violation handling', ReopenBody, reopenViolationTrack);
  step('consents', 'Ghi nhận đồng ý / record consent', ConsentBody, recordConsent);
  step('consents/withdraw', 'Rút lại đồng ý / withdraw consent', ConsentWithdrawBody, withdrawConsent);
  step('notes', 'Ghi chú / note', NoteBody, addNote);
  step('tracks', 'Thêm luồng / add a track', TrackBody, addTrack);
  step('reports', 'Gắn báo cáo / join a report', LinkReportBody, linkReport);
  step('assign', 'Phân công / assign', AssignBody, assignCase);
  app.post(
    '/cases/:id/services/:serviceId',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        tags,
        summary: 'Cập nhật dịch vụ / update a service',
        params: ServiceParams,
        body: ServiceUpdateBody,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => updateService(ctxOf(req, deps), req.params.id, req.params.serviceId, req.body, req.lang),
  );
}

function settingsRoutes(app: App, deps: Deps): void {
  app.get(
    '/cases/settings/:ownerId',
    { schema: { tags, summary: 'Cấu hình phê duyệt / approval settings', params: OwnerParams, response: { 200: ApprovalSettings, ...errorResponses } } },
    async (req) => readApprovalSettings(ctxOf(req, deps), req.params.ownerId),
  );
  app.put(
    '/cases/settings/:ownerId',
    {
      schema: {
        tags,
        summary: 'Đổi cấu hình phê duyệt / change approval settings',
        params: OwnerParams,
        body: ApprovalSettingsBody,
        response: { 200: ApprovalSettings, ...errorResponses },
      },
    },
    async (req) => saveApprovalSettings(ctxOf(req, deps), req.params.ownerId, req.body),
  );
  const Manager = Type.Object({ userId: Type.String(), manager: Type.Boolean() });
  app.put(
    '/cases/managers/:userId',
    { schema: { tags, summary: 'Chỉ định lãnh đạo phê duyệt / designate a case manager', params: UserParams, response: { 200: Manager, ...errorResponses } } },
    async (req) => setCaseManager(ctxOf(req, deps), req.params.userId, true),
  );
  app.delete(
    '/cases/managers/:userId',
    { schema: { tags, summary: 'Bỏ chỉ định / remove a case manager', params: UserParams, response: { 200: Manager, ...errorResponses } } },
    async (req) => setCaseManager(ctxOf(req, deps), req.params.userId, false),
  );
}
