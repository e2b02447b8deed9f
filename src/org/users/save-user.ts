import type { Actor, Role } from '../../access/actor.js';
import { audit } from '../../audit/audit.js';
import { checkPasswordStrength, hashPassword } from '../../auth/passwords.js';
import { destroyUserSessions } from '../../auth/sessions.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { AppError, badInput, conflict, notFound } from '../../shared/errors.js';
import { registerMessages } from '../../shared/i18n.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { UsersTable } from '../tables.js';
import { ROLES } from './roles.js';
import { userPolicy } from './user.policy.js';

registerMessages({
  role_scope_required: {
    vi: 'Vai trò {role} cần gắn với {scope}.',
    en: 'Role {role} must be tied to {scope}.',
  },
  cannot_demote_self: {
    vi: 'Không thể tự khoá hoặc tự bỏ quyền quản trị của chính mình.',
    en: 'You cannot disable yourself or remove your own administrator role.',
  },
});

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  password: string;
  role: Role;
  unitId?: string | null | undefined;
  agencyId?: string | null | undefined;
  schoolId?: string | null | undefined;
}

export type UserPatch = Partial<Omit<UserInput, 'username'>> & { disabled?: boolean; unlock?: boolean };

/** Each role carries exactly the scope it needs, and the scope must exist. */
async function checkScope(trx: Tx, u: Pick<UsersTable, 'role' | 'unit_id' | 'agency_id' | 'school_id'>): Promise<void> {
  const need = ROLES[u.role].scope;
  const fail = (scope: string) => new AppError(400, 'role_scope_required', { role: u.role, scope });
  if (need === 'school' && !u.school_id) throw fail('schoolId');
  if (need === 'agency' && !u.agency_id) throw fail('agencyId');
  if (need === 'unit_or_agency' && !u.unit_id && !u.agency_id) throw fail('unitId | agencyId');
  if (u.unit_id) {
    const unit = await trx.selectFrom('units').select('kind').where('id', '=', u.unit_id).executeTakeFirst();
    if (!unit) throw badInput(`unitId: ${u.unit_id}`);
  }
  if (u.agency_id && !(await trx.selectFrom('agencies').select('id').where('id', '=', u.agency_id).executeTakeFirst()))
    throw badInput(`agencyId: ${u.agency_id}`);
  if (u.school_id && !(await trx.selectFrom('schools').select('id').where('id', '=', u.school_id).executeTakeFirst()))
    throw badInput(`schoolId: ${u.school_id}`);
}

/** Scope fields a role does not use are cleared, so no stale scope can widen access later. */
function normaliseScope<T extends Pick<UsersTable, 'role' | 'unit_id' | 'agency_id' | 'school_id'>>(u: T): T {
  const need = ROLES[u.role].scope;
  return {
    ...u,
    unit_id: need === 'unit_or_agency' ? u.unit_id : null,
    agency_id: need === 'unit_or_agency' || need === 'agency' ? u.agency_id : null,
    school_id: need === 'school' ? u.school_id : null,
  };
}

export async function insertUser(trx: Tx, actor: Actor, input: UserInput, ctx: Pick<Ctx, 'clock' | 'origin'>): Promise<UsersTable> {
  checkPasswordStrength(input.password);
  const username = input.username.trim().toLowerCase();
  const now = ctx.clock().toISOString();
  const row: UsersTable = normaliseScope({
    id: newId(),
    username,
    display_name: cleanText(input.displayName),
    email: input.email ? cleanText(input.email) : null,
    password_hash: await hashPassword(input.password),
    role: input.role,
    unit_id: input.unitId ?? null,
    agency_id: input.agencyId ?? null,
    school_id: input.schoolId ?? null,
    totp_secret: null,
    totp_enabled: 0,
    failed_logins: 0,
    locked_until: null,
    disabled: 0,
    locale: 'vi',
    last_login_at: null,
    created_at: now,
    updated_at: now,
  });
  await checkScope(trx, row);
  if (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw conflict(`username ${username}`);
  await trx.insertInto('users').values(row).execute();
  await audit(
    { actor, origin: ctx.origin, clock: ctx.clock },
    trx,
    'user.created',
    { type: 'user', id: row.id },
    {
      username,
      role: row.role,
      unitId: row.unit_id,
      agencyId: row.agency_id,
      schoolId: row.school_id,
    },
  );
  return row;
}

export async function createUser(ctx: Ctx, input: UserInput): Promise<UsersTable> {
  userPolicy.authorize(ctx.actor, 'create');
  return ctx.db.kysely.transaction().execute((trx) => insertUser(trx, ctx.actor, input, ctx));
}

export async function updateUser(ctx: Ctx, id: string, patch: UserPatch): Promise<UsersTable> {
  if (patch.password !== undefined) checkPasswordStrength(patch.password);
  const hash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    userPolicy.authorize(ctx.actor, 'update', before);
    if (ctx.actor.id === id && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'system_admin'))) {
      throw new AppError(400, 'cannot_demote_self');
    }
    const next = normaliseScope({
      ...before,
      display_name: patch.displayName !== undefined ? cleanText(patch.displayName) : before.display_name,
      email: patch.email !== undefined ? (patch.email ? cleanText(patch.email) : null) : before.email,
      role: patch.role ?? before.role,
      unit_id: patch.unitId !== undefined ? patch.unitId : before.unit_id,
      agency_id: patch.agencyId !== undefined ? patch.agencyId : before.agency_id,
      school_id: patch.schoolId !== undefined ? patch.schoolId : before.school_id,
      disabled: patch.disabled !== undefined ? (patch.disabled ? 1 : 0) : before.disabled,
      password_hash: hash ?? before.password_hash,
      failed_logins: patch.unlock ? 0 : before.failed_logins,
      locked_until: patch.unlock ? null : before.locked_until,
      updated_at: ctx.clock().toISOString(),
    });
    await checkScope(trx, next);
    // The failure count is moved only by single statements (src/auth/attempts.ts): writing back the
    // count read above would undo guesses counted meanwhile. Only an unlock sets it.
    const { id: _id, created_at: _c, failed_logins: _f, locked_until: _l, ...rest } = next;
    const changes = patch.unlock ? { ...rest, failed_logins: 0, locked_until: null } : rest;
    await trx.updateTable('users').set(changes).where('id', '=', id).execute();
    // A new password, a new role or a disabled account ends every open session of that account.
    if (
      hash ||
      next.role !== before.role ||
      next.disabled ||
      next.unit_id !== before.unit_id ||
      next.agency_id !== before.agency_id ||
      next.school_id !== before.school_id
    ) {
      await destroyUserSessions(trx, id);
    }
    const fields = Object.keys(patch).map((k) => (k === 'password' ? 'password(reset)' : k));
    await audit(ctx, trx, 'user.updated', { type: 'user', id }, { fields, role: next.role });
    return next;
  });
}
