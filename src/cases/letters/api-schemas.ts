import { Type } from '@sinclair/typebox';
import { REFERRAL_TARGETS } from '../vocab.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const LetterParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union([Type.Literal('takedown'), Type.Literal('referral')], {
      description: 'takedown: to a platform; referral: to police, an inspectorate or a platform',
    }),
  },
  { additionalProperties: false },
);

/** What the letter says that the case does not: the addressee and, per kind, the ask. */
export const LetterQuery = Type.Object(
  {
    /** takedown: the platform's operator as addressed. */
    platform: Type.Optional(Text(200)),
    /** takedown: hours to remove the content (Decree 147/2024: at most 24). */
    deadlineHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
    /** referral: who receives it. */
    target: Type.Optional(Type.Union(Object.keys(REFERRAL_TARGETS).map((k) => Type.Literal(k)))),
    recipient: Type.Optional(Text(200)),
    summary: Type.Optional(Text(2000)),
    /** Where the receiver answers (the unit's official e-mail or phone). */
    replyTo: Type.Optional(Text(200)),
    signerPost: Type.Optional(Text(100)),
    signerName: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);
