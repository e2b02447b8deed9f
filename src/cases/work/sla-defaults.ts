/**
 * The SLA steps a new installation starts with (an administrator changes them with
 * PUT /cases/sla-steps). Each starts with one kind of case event and stops with the first of
 * others; the limits are the city's working defaults, not law.
 */
export const DEFAULT_SLA_STEPS = [
  {
    code: 'first_contact',
    name: 'Liên hệ, đăng ký trẻ lần đầu',
    nameEn: 'First contact and registration',
    track: 'any',
    startEvent: 'case_opened',
    stopEvents: ['victim_registered', 'risk_assessed', 'service_added', 'subject_recorded'],
    limitHours: 24,
  },
  {
    code: 'risk_assessment',
    name: 'Đánh giá nguy cơ',
    nameEn: 'Risk assessment',
    track: 'victim',
    startEvent: 'case_opened',
    stopEvents: ['risk_assessed'],
    limitHours: 72,
  },
  {
    code: 'case_plan',
    name: 'Lập kế hoạch hỗ trợ',
    nameEn: 'Case plan',
    track: 'victim',
    startEvent: 'risk_assessed',
    stopEvents: ['plan_set'],
    limitHours: 168,
  },
  {
    code: 'violation_decision',
    name: 'Quyết định xử lý vi phạm',
    nameEn: 'Handling decision',
    track: 'violation',
    startEvent: 'subject_recorded',
    stopEvents: ['decision_recorded', 'violation_closed'],
    limitHours: 720,
  },
] as const;
