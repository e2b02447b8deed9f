import { categoryLabel } from '../blockpage.js';
import type { Band } from '../model.js';
import type { FilterReviewRequestsTable } from '../tables.js';

export type ReviewStatus = 'open' | 'escalated' | 'allowed' | 'declined';

export interface Review {
  id: string;
  schoolId: string | null;
  schoolName: string | null;
  domain: string;
  band: Band | null;
  category: string;
  categoryNameVi: string;
  categoryNameEn: string;
  mandatory: boolean;
  note: string | null;
  status: ReviewStatus;
  answerReason: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  escalatedAt: string | null;
  requests: number;
  createdAt: string;
  updatedAt: string;
}

// rows written before 0122 used accepted/rejected
const STATUS: Record<string, ReviewStatus> = {
  open: 'open',
  escalated: 'escalated',
  allowed: 'allowed',
  declined: 'declined',
  accepted: 'allowed',
  rejected: 'declined',
};

export function presentReview(r: FilterReviewRequestsTable, names: { schools?: Map<string, string>; users?: Map<string, string> } = {}): Review {
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_id ? (names.schools?.get(r.school_id) ?? null) : null,
    domain: r.domain,
    band: (r.band as Band | null) ?? null,
    category: r.category,
    categoryNameVi: categoryLabel(r.category, 'vi'),
    categoryNameEn: categoryLabel(r.category, 'en'),
    mandatory: Number(r.mandatory ?? 0) === 1,
    note: r.note,
    status: STATUS[r.status] ?? 'open',
    answerReason: r.answer_reason,
    answeredBy: r.answered_by ? (names.users?.get(r.answered_by) ?? r.answered_by) : null,
    answeredAt: r.answered_at,
    escalatedAt: r.escalated_at,
    requests: Number(r.requests ?? 1),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
