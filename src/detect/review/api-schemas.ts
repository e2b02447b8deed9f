import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Paging } from '../../http/schemas.js';

/**
 * The review desk's API, exported so the console (ui/) and tests check themselves against the
 * server's own schemas: a response that changes here breaks their type-check, not the analyst.
 */
export const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

// Literals spelled out (not mapped from a string array) so Static<> gives the console the union, not `string`.
export const StatusT = Type.Union([
  Type.Literal('queued'),
  Type.Literal('fetching'),
  Type.Literal('analysed'),
  Type.Literal('failed'),
  Type.Literal('decided'),
]);
export const DecisionT = Type.Union([Type.Literal('harmful'), Type.Literal('not_harmful'), Type.Literal('legal_review')]);
export const KindT = Type.Union([Type.Literal('url'), Type.Literal('text'), Type.Literal('image')]);
export const SourceT = Type.Union([Type.Literal('report'), Type.Literal('analyst')]);
export const TakedownStatusT = Type.Union([
  Type.Literal('requested'),
  Type.Literal('sent'),
  Type.Literal('removed'),
  Type.Literal('refused'),
  Type.Literal('withdrawn'),
]);

export const Match = Type.Object({
  bankId: Type.String(),
  bankName: Type.String(),
  kind: Type.String(),
  hash: Type.String(),
  distance: Type.Integer(),
  label: Nullable(Type.String()),
});
export const CategoryScore = Type.Object({ code: Type.String(), score: Type.Number(), matches: Type.Array(Type.String()) });
export const ItemSummary = Type.Object({
  id: Type.String(),
  kind: KindT,
  source: SourceT,
  reportId: Nullable(Type.String()),
  /** The report's tracking code (LC-…), what people name a report by; null for the analyst's own items. */
  reportCode: Nullable(Type.String()),
  domain: Nullable(Type.String()),
  status: StatusT,
  /** When the worker tries again (a queued item waiting after a failed try). */
  nextAttemptAt: Nullable(Type.String()),
  failureCode: Nullable(Type.String()),
  failureMessage: Nullable(Type.String()),
  attempts: Type.Integer(),
  score: Type.Number(),
  categories: Type.Array(CategoryScore),
  matchCount: Type.Integer(),
  decision: Nullable(DecisionT),
  decisionCategory: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  analysedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ItemImage = Type.Object({
  n: Type.Integer(),
  src: Nullable(Type.String()),
  mime: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()),
  md5: Nullable(Type.String()),
  pdq: Nullable(Type.String()),
  quality: Nullable(Type.Integer()),
  matches: Type.Array(Match),
  error: Nullable(Type.String()),
});
export const Takedown = Type.Object({
  id: Type.String(),
  itemId: Type.String(),
  platform: Type.String(),
  urls: Type.Array(Type.String()),
  domain: Nullable(Type.String()),
  legalBasis: Type.String(),
  status: TakedownStatusT,
  requestedAt: Type.String(),
  sentAt: Nullable(Type.String()),
  removedAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ItemDetail = Type.Composite([
  ItemSummary,
  Type.Object({
    url: Nullable(Type.String()),
    finalUrl: Nullable(Type.String()),
    title: Nullable(Type.String()),
    text: Nullable(Type.String()),
    textTruncated: Type.Boolean(),
    offensive: Nullable(Type.Object({ label: Type.String(), score: Type.Number() })),
    matches: Type.Array(Match),
    linkHosts: Type.Array(Type.String()),
    httpStatus: Nullable(Type.Integer()),
    evidence: Nullable(
      Type.Object({
        sha256: Type.String(),
        size: Nullable(Type.Integer()),
        type: Nullable(Type.String()),
        fetchedAt: Nullable(Type.String()),
        charset: Nullable(Type.String()),
      }),
    ),
    images: Type.Array(ItemImage),
    takedowns: Type.Array(Takedown),
    note: Nullable(Type.String()),
    decidedBy: Nullable(Type.String()),
    decidedByName: Nullable(Type.String()),
    /** Every try of the worker, oldest first, with its time and its error in the reader's language. */
    tries: Type.Array(
      Type.Object({
        startedAt: Type.String(),
        endedAt: Type.String(),
        outcome: Type.Union([Type.Literal('analysed'), Type.Literal('failed'), Type.Literal('retry')]),
        failureCode: Nullable(Type.String()),
        failureMessage: Nullable(Type.String()),
        detail: Nullable(Type.String()),
        nextAttemptAt: Nullable(Type.String()),
      }),
    ),
    /** The decision a reopen took back (shown until, and after, the item is decided anew). */
    previousDecision: Nullable(
      Type.Object({
        decision: DecisionT,
        category: Nullable(Type.String()),
        decidedAt: Nullable(Type.String()),
        decidedByName: Nullable(Type.String()),
        reopenedAt: Nullable(Type.String()),
        reason: Nullable(Type.String()),
      }),
    ),
    /** A shared platform (facebook.com, tiktok.com…): never blocked by domain, a takedown is the remedy. */
    sharedPlatform: Type.Boolean(),
  }),
]);

// `n` as text: a malformed position is "not found" after the access check, like any unknown image
export const ImageParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), n: Type.String({ minLength: 1, maxLength: 8 }) });

export const ListItemsQuery = Type.Object({
  status: Type.Optional(StatusT),
  decision: Type.Optional(DecisionT),
  kind: Type.Optional(KindT),
  source: Type.Optional(SourceT),
  ...Paging,
});

export const RevealBody = Type.Object({ reason: Type.String({ minLength: 5, maxLength: 500 }) }, { additionalProperties: false });

export const SubmitItemBody = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 12 * 1024 * 1024 })),
    imageBase64: Type.Optional(Type.String({ minLength: 1, maxLength: 12 * 1024 * 1024 })),
  },
  { additionalProperties: false },
);
export const SubmitItemResult = Type.Object({ id: Type.String(), created: Type.Boolean() });

export const DecisionBody = Type.Object(
  {
    decision: DecisionT,
    category: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    blockDomain: Type.Optional(Type.Boolean()),
    platform: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    legalBasis: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export const DecisionResult = Type.Object({
  id: Type.String(),
  decision: DecisionT,
  category: Nullable(Type.String()),
  domainBlocked: Nullable(Type.String()),
  takedownId: Nullable(Type.String()),
  hashesAdded: Type.Integer(),
});

export const ReopenBody = Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
export const ReopenResult = Type.Object({
  id: Type.String(),
  previous: DecisionT,
  domainsUnblocked: Type.Array(Type.String()),
  takedownsWithdrawn: Type.Integer(),
  takedownsAlreadySent: Type.Integer(),
  hashesRemoved: Type.Integer(),
});

export const ListTakedownsQuery = Type.Object({ status: Type.Optional(TakedownStatusT), platform: Type.Optional(Type.String({ maxLength: 40 })), ...Paging });

export const TakedownPatchBody = Type.Object(
  {
    status: Type.Optional(TakedownStatusT),
    sentAt: Type.Optional(Type.String({ format: 'date-time' })),
    removedAt: Type.Optional(Type.String({ format: 'date-time' })),
    platform: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    legalBasis: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ReviewStats = Type.Object({
  total: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byDecision: Type.Record(Type.String(), Type.Integer()),
  byCategory: Type.Record(Type.String(), Type.Integer()),
  byKind: Type.Record(Type.String(), Type.Integer()),
  byFailure: Type.Record(Type.String(), Type.Integer()),
  takedowns: Type.Record(Type.String(), Type.Integer()),
});

export const Vocabulary = Type.Record(Type.String(), Type.Array(Type.Object({ code: Type.String(), label: Type.String() })));

export type ItemSummary = Static<typeof ItemSummary>;
export type ItemImage = Static<typeof ItemImage>;
export type ItemDetail = Static<typeof ItemDetail>;
export type BankMatch = Static<typeof Match>;
export type Takedown = Static<typeof Takedown>;
export type ListItemsQuery = Static<typeof ListItemsQuery>;
export type SubmitItemBody = Static<typeof SubmitItemBody>;
export type SubmitItemResult = Static<typeof SubmitItemResult>;
export type DecisionBody = Static<typeof DecisionBody>;
export type DecisionResult = Static<typeof DecisionResult>;
export type ReopenBody = Static<typeof ReopenBody>;
export type ReopenResult = Static<typeof ReopenResult>;
export type ListTakedownsQuery = Static<typeof ListTakedownsQuery>;
export type TakedownPatchBody = Static<typeof TakedownPatchBody>;
export type ReviewStats = Static<typeof ReviewStats>;
export type Vocabulary = Static<typeof Vocabulary>;
