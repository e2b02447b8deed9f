import { type Actor, systemActor } from '../access/actor.js';
import { openCase } from '../cases/open-case.js';
import { recordConsent } from '../cases/steps/case.js';
import { addService, closeVictimTrack, registerVictim } from '../cases/steps/victim.js';
import { linkEvidence, recordDecision, recordSubject } from '../cases/steps/violation.js';
import type { Ctx } from '../context.js';
import { createUser } from '../org/users/save-user.js';

/**
 * The fixture city's cases (targets 2 and 3), written through the cases feature's own use cases —
 * opened by a ward's case worker or a school counsellor, the child registered, services, consent,
 * the violation track from subject to decision — as staff would through the console. Needs the
 * demo schools and detection item fx-i1 of src/indicators/test-fixtures.ts (it lives here, in the test support, because it crosses into the cases feature's use cases). Counted by hand:
 *
 *   case  ward   opened  victim track                         violation track
 *   K1    00070  8 Jan   registered, counselling 9 Jan ✔       subject, evidence, sanction 25 Jan ✔
 *   K2    00070  12 Jan  opened by the school's counsellor, no service yet
 *   K3    00004  20 Jan  medical care from 3 Feb ✔ (after January)
 *   K4    00004  22 Jan  consent to be counted refused: left out of every count
 *   K5    00004  15 Jan                                        subject, evidence, no decision
 *   K6    00004  28 Jan                                        criminal referral 20 Feb ✔ (after January)
 *   K7    00070  10 Feb  counselling delivered 11 Feb ✔, closed
 *
 * January:  victims asked K1 K2 K3 = 3, supported K1 = 1           → 1 ÷ 3 = 33.3 %
 *           violators reported K1 K5 K6 = 3, handled K1 = 1        → 1 ÷ 3 = 33.3 %
 * 2026:     victims asked K1 K2 K3 K7 = 4, supported K1 K3 K7 = 3  → 3 ÷ 4 = 75 %
 *           violators reported K1 K5 K6 = 3, handled K1 K6 = 2     → 2 ÷ 3 = 66.7 %
 */
export const FIXTURE_CASES_EXPECTED = {
  january: { victims: { numerator: 1, denominator: 3, value: 33.3 }, violators: { numerator: 1, denominator: 3, value: 33.3 } },
  year2026: { victims: { numerator: 3, denominator: 4, value: 75 }, violators: { numerator: 2, denominator: 3, value: 66.7 } },
};

const PASSWORD = 'fixture-case-worker-password-1';

export async function insertFixtureCases(deps: Omit<Ctx, 'actor' | 'origin'>, schools: Record<string, string>): Promise<void> {
  const as = (actor: Actor): Ctx => ({ ...deps, actor, origin: { ip: null } });
  const system = as(systemActor('indicators fixture'));
  const staff = async (username: string, role: 'case_worker' | 'school_admin', scope: { unitId?: string; schoolId?: string }) => {
    const u = await createUser(system, { username, displayName: username, password: PASSWORD, role, ...scope });
    return as({ kind: 'user', id: u.id, label: u.username, role, unitId: u.unit_id, agencyId: u.agency_id, schoolId: u.school_id });
  };
  const hk = await staff('fx.canbo.hoankiem', 'case_worker', { unitId: '00070' });
  const bd = await staff('fx.canbo.badinh', 'case_worker', { unitId: '00004' });
  const counsellor = await staff('fx.tuvan.th01', 'school_admin', { schoolId: schools['DEMO-TH-01'] as string });
  const day = (d: string) => `${d}T08:00:00.000Z`;
  const open = (ctx: Ctx, unitId: string | null, at: string, tracks: { victim?: boolean; violation?: boolean }, schoolId?: string) =>
    openCase(
      ctx,
      { source: schoolId ? 'counsellor' : 'direct', victim: tracks.victim ?? false, violation: tracks.violation ?? false, unitId, schoolId, at: day(at) },
      'vi',
    );
  const register = (ctx: Ctx, id: string, version: number) =>
    registerVictim(ctx, id, { version, ageBand: '11_14', gender: 'female', unitId: null, schoolId: null }, 'vi');
  const service = (ctx: Ctx, id: string, version: number, kind: 'counselling' | 'medical', status: 'in_progress' | 'delivered', started: string) =>
    addService(ctx, id, { version, kind, provider: 'Trung tâm công tác xã hội', status, startedAt: day(started) }, 'vi');
  const decide = async (ctx: Ctx, id: string, version: number, decision: 'administrative_sanction' | 'criminal_referral' | null, at: string) => {
    let c = await recordSubject(ctx, id, { version, subjectKind: 'account', violationType: 'grooming' }, 'vi');
    c = await linkEvidence(ctx, id, { version: c.version, kind: 'detect_item', refId: 'fx-i1' }, 'vi');
    if (decision === null) return c;
    const sanction = decision === 'administrative_sanction' ? { decisionNumber: '5/QĐ-XPHC', amount: 5_000_000 } : {};
    return recordDecision(ctx, id, { version: c.version, decision, ...sanction, at: day(at) }, 'vi');
  };

  // K1: both tracks, supported and decided in January
  let k = await open(hk, '00070', '2026-01-08', { victim: true, violation: true });
  k = await register(hk, k.id, k.version);
  k = await service(hk, k.id, k.version, 'counselling', 'in_progress', '2026-01-09');
  await decide(hk, k.id, k.version, 'administrative_sanction', '2026-01-25');
  // K2: opened by the school's counsellor (the school's ward holds it), nothing done yet
  await open(counsellor, null, '2026-01-12', { victim: true }, schools['DEMO-TH-01']);
  // K3: support starts in February
  k = await open(bd, '00004', '2026-01-20', { victim: true });
  k = await register(bd, k.id, k.version);
  await service(bd, k.id, k.version, 'medical', 'in_progress', '2026-02-03');
  // K4: the guardian refused to have the child counted
  k = await open(bd, '00004', '2026-01-22', { victim: true });
  k = await recordConsent(bd, k.id, { version: k.version, kind: 'count', given: false, by: 'guardian', at: day('2026-01-22') }, 'vi');
  await service(bd, k.id, k.version, 'counselling', 'in_progress', '2026-01-23');
  // K5: a violation under investigation, no decision
  k = await open(bd, '00004', '2026-01-15', { violation: true });
  await decide(bd, k.id, k.version, null, '');
  // K6: decided in February
  k = await open(bd, '00004', '2026-01-28', { violation: true });
  await decide(bd, k.id, k.version, 'criminal_referral', '2026-02-20');
  // K7: February, service delivered and the track closed
  k = await open(hk, '00070', '2026-02-10', { victim: true });
  k = await service(hk, k.id, k.version, 'counselling', 'delivered', '2026-02-11');
  await closeVictimTrack(hk, k.id, { version: k.version, reason: 'goals_met', at: day('2026-02-12') }, 'vi');
}
