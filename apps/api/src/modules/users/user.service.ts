import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { ADMIN_ROLE_BY_KIND, DomainError, ErrorCode, InputCheck, ROLES, assertId, isRole, rolesNotAllowedFor, uuidv7, type Role } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { User } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { hashPassword, temporaryPassword, verifyPassword } from '../../platform/auth/tokens.js';
import { revokeSessionsOf } from '../auth/auth.service.js';
import { announceSessionsChanged } from '../../platform/sockets.js';

function snapshot(u: User): Record<string, unknown> {
  return { email: u.email, displayName: u.displayName, roles: u.roles, regions: u.regions, active: u.active };
}

function checkRoles(ctx: Ctx, check: InputCheck, roles: readonly string[], field = 'input.roles'): Role[] {
  const actor = memberOf(ctx, 'Only members of a tenant manage users.');
  if (roles.length === 0) check.because(field, 'AT_LEAST_ONE', {}, 'give at least one role');
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length) check.because(field, 'NOT_ONE_OF', { value: unknown.join(', '), allowed: ROLES }, `unknown role ${unknown.join(', ')}`);
  const wrongKind = rolesNotAllowedFor(actor.tenantKind, roles.filter(isRole));
  if (wrongKind.length) {
    check.because(
      field,
      'ROLE_NOT_FOR_TENANT_KIND',
      { roles: wrongKind, tenantKind: actor.tenantKind },
      `${wrongKind.join(', ')} is not a role of a ${actor.tenantKind} tenant`,
    );
  }
  return [...new Set(roles.filter(isRole))];
}

function cleanRegions(regions: readonly string[] | null | undefined): string[] {
  return [...new Set((regions ?? []).map((r) => r.trim()).filter(Boolean))].slice(0, 20);
}

/** Loads a user of the actor's tenant the actor may `action`, or NOT_FOUND (no probing). */
async function loadUserFor(tx: Tx, action: 'read' | 'update' | 'assignRoles', id: string): Promise<User> {
  assertId('input.userId', id);
  const user = await tx.em.findOne(User, { id });
  if (!user || !tx.ctx.ability.can(action, asSubject('User', user))) throw DomainError.notFound('User');
  return user;
}

export async function listUsers(ctx: Ctx, args: { first?: number | null; after?: string | null; search?: string | null }): Promise<Connection<User>> {
  const where = accessibleWhere(ctx.ability, 'read', 'User');
  if (!where) return emptyConnection();
  const search = args.search?.trim();
  const filter: FilterQuery<User> = search
    ? { $and: [where, { $or: [{ email: { $ilike: `%${search}%` } }, { displayName: { $ilike: `%${search}%` } }] }] }
    : where;
  return inTx(ctx, (tx) => paginate(tx.em, User, filter, args, (u) => u));
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  return inTx(ctx, (tx) => loadUserFor(tx, 'read', id));
}

export async function inviteUser(
  ctx: Ctx,
  input: { email: string; displayName: string; roles: string[]; regions?: string[] | null; initialPassword?: string | null },
): Promise<{ user: User; temporaryPassword: string | null }> {
  const actor = memberOf(ctx, 'Only members of a tenant manage users.');
  const check = new InputCheck();
  const email = check.email('input.email', input.email);
  const displayName = check.required('input.displayName', input.displayName, 80);
  const roles = checkRoles(ctx, check, input.roles);
  const generated = input.initialPassword ? null : temporaryPassword();
  const password = input.initialPassword ? check.password('input.initialPassword', input.initialPassword) : generated!;
  check.done();
  if (!ctx.ability.can('invite', asSubject('User', { tenantId: actor.tenantId }))) throw DomainError.forbidden();
  const passwordHash = await hashPassword(password);

  const user = await inTx(ctx, async (tx) => {
    const now = ctx.clock.now();
    const user = Object.assign(new User(), {
      id: uuidv7(),
      tenantId: actor.tenantId,
      email,
      passwordHash,
      displayName,
      roles,
      regions: cleanRegions(input.regions),
      createdAt: now,
      updatedAt: now,
    });
    tx.em.persist(user);
    try {
      await tx.em.flush();
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'EMAIL', value: email }, `${email} already has an account.`);
      throw e;
    }
    tx.record({ action: 'user.invited', entityType: 'User', entityId: user.id, after: snapshot(user) });
    return user;
  });
  return { user, temporaryPassword: generated };
}

function checkVersion(user: User, version: number): void {
  if (user.version !== version) {
    throw DomainError.because(
      ErrorCode.CONFLICT,
      'STALE_VERSION',
      { document: 'User', number: null, currentVersion: user.version },
      `This user was changed meanwhile (version ${user.version}, you sent ${version}). Reload and try again.`,
      { currentVersion: user.version },
    );
  }
}

async function assertAdminRemains(tx: Tx, user: User, nextRoles: readonly Role[], nextActive: boolean): Promise<void> {
  const actor = memberOf(tx.ctx, 'Only members of a tenant manage users.');
  const adminRole = ADMIN_ROLE_BY_KIND[actor.tenantKind];
  const losesAdmin = user.roles.includes(adminRole) && user.active && (!nextRoles.includes(adminRole) || !nextActive);
  if (!losesAdmin) return;
  const others = await tx.em.count(User, { id: { $ne: user.id }, active: true, roles: { $contains: [adminRole] } });
  if (others === 0) throw DomainError.because(ErrorCode.CONFLICT, 'LAST_ADMIN', { role: adminRole }, `The tenant needs at least one active ${adminRole}.`);
}

export async function setUserRoles(ctx: Ctx, input: { userId: string; roles: string[]; regions?: string[] | null; version: number }): Promise<User> {
  const check = new InputCheck();
  const roles = checkRoles(ctx, check, input.roles);
  assertId('input.userId', input.userId);
  check.done();
  const changed = await inTx(ctx, async (tx) => {
    const user = await loadUserFor(tx, 'assignRoles', input.userId);
    checkVersion(user, input.version);
    await assertAdminRemains(tx, user, roles, user.active);
    const before = snapshot(user);
    user.roles = roles;
    if (input.regions) user.regions = cleanRegions(input.regions);
    await tx.em.flush();
    tx.record({ action: 'user.rolesChanged', entityType: 'User', entityId: user.id, before, after: snapshot(user) });
    return user;
  });
  announceSessionsChanged(ctx.services); // the user's open sockets reconnect with the new roles
  return changed;
}

export async function setUserActive(ctx: Ctx, input: { userId: string; active: boolean; version: number }): Promise<User> {
  assertId('input.userId', input.userId);
  const changed = await inTx(ctx, async (tx) => {
    const user = await loadUserFor(tx, 'update', input.userId);
    checkVersion(user, input.version);
    if (ctx.actor.type === 'member' && user.id === ctx.actor.userId && !input.active) {
      throw DomainError.because(ErrorCode.CONFLICT, 'CANNOT_DEACTIVATE_SELF', {}, 'You cannot deactivate yourself.');
    }
    await assertAdminRemains(tx, user, user.roles, input.active);
    const before = snapshot(user);
    user.active = input.active;
    await tx.em.flush();
    if (!input.active) await revokeSessionsOf(tx.em, user.id, ctx.clock.now());
    tx.record({
      action: input.active ? 'user.activated' : 'user.deactivated',
      entityType: 'User',
      entityId: user.id,
      before,
      after: snapshot(user),
    });
    return user;
  });
  if (!input.active) announceSessionsChanged(ctx.services); // a deactivated user's sockets close
  return changed;
}

export async function changeOwnPassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<User> {
  const actor = memberOf(ctx, 'Only members of a tenant manage users.');
  const check = new InputCheck();
  const next = check.password('input.newPassword', input.newPassword);
  check.done();
  const newHash = await hashPassword(next);
  return inTx(ctx, async (tx) => {
    const user = await tx.em.findOneOrFail(User, { id: actor.userId }, { populate: ['passwordHash'] });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw DomainError.badField('input.currentPassword', 'WRONG_CURRENT_PASSWORD', {}, 'is not your current password');
    }
    user.passwordHash = newHash;
    await tx.em.flush();
    tx.audit({ action: 'user.passwordChanged', entityType: 'User', entityId: user.id });
    return user;
  });
}
