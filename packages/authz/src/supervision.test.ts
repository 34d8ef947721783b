import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { accessibleWhere, asSubject, defineAbilityFor, navigationFor, type Actor } from './index.js';

const OEM = '11111111-1111-7111-8111-111111111111';
const OEM2 = '44444444-4444-7444-8444-444444444444';
const D1 = '22222222-2222-7222-8222-222222222222';
const D2 = '33333333-3333-7333-8333-333333333333';
const member = (tenantId: string, tenantKind: Extract<Actor, { type: 'member' }>['tenantKind'], roles: Role[], regions?: string[]): Actor => ({
  type: 'member',
  userId: 'u',
  tenantId,
  tenantKind,
  roles,
  ...(regions ? { regions } : {}),
});
const warning = (extra: Record<string, unknown> = {}) => asSubject('Warning', { tenantId: OEM, dealerId: D1, region: '华东', status: 'ISSUED', ...extra });
const plan = (extra: Record<string, unknown> = {}) => asSubject('ImprovementPlan', { tenantId: OEM, dealerId: D1, region: '华东', status: 'ACTIVE', ...extra });

describe('supervision abilities', () => {
  it('the manufacturer’s admin issues and decides warnings and writes plans of its own tenant only', () => {
    const admin = defineAbilityFor(member(OEM, 'MANUFACTURER', ['OEM_ADMIN']));
    for (const action of ['read', 'create', 'review'] as const) {
      expect(admin.can(action, warning()), action).toBe(true);
      expect(admin.can(action, warning({ tenantId: OEM2 })), action).toBe(false);
    }
    expect(admin.can('approve', plan({ status: 'DRAFT' }))).toBe(true);
    expect(admin.can('cancel', plan())).toBe(true);
    expect(admin.can('update', warning())).toBe(false); // the lapse and the daily check are the clock's
    expect(admin.can('answer', warning())).toBe(false);
    expect(admin.can('raise', warning())).toBe(false);
    expect(navigationFor(member(OEM, 'MANUFACTURER', ['OEM_ADMIN']))).toContain('supervision');
  });

  it('a network manager acts on its regions only; analyst and quality engineer read; a reviewer nothing', () => {
    const regional = defineAbilityFor(member(OEM, 'MANUFACTURER', ['NETWORK_MANAGER'], ['华东']));
    expect(regional.can('create', warning())).toBe(true);
    expect(regional.can('review', warning({ region: '华北' }))).toBe(false);
    expect(regional.can('read', plan({ region: '华北' }))).toBe(false);
    expect(accessibleWhere(regional, 'read', 'Warning')).toEqual({ $or: [{ tenantId: OEM, region: { $in: ['华东'] } }] });
    for (const role of ['ANALYST', 'QUALITY_ENGINEER'] as const) {
      const a = defineAbilityFor(member(OEM, 'MANUFACTURER', [role]));
      expect(a.can('read', warning({ region: '华北' })), role).toBe(true);
      expect(a.can('read', plan()), role).toBe(true);
      expect(a.can('create', warning()), role).toBe(false);
      expect(a.can('review', warning()), role).toBe(false);
    }
    const reviewer = defineAbilityFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER']));
    expect(reviewer.can('read', warning())).toBe(false);
    expect(navigationFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER']))).not.toContain('supervision');
  });

  it('the dealer’s service admin reads its own, reports the cure, appeals, marks actions of an active plan; nobody else of the dealer', () => {
    const admin = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADMIN']));
    expect(admin.can('read', warning())).toBe(true);
    expect(admin.can('answer', warning())).toBe(true);
    expect(admin.can('raise', warning())).toBe(true);
    expect(admin.can('review', warning())).toBe(false);
    expect(admin.can('create', warning())).toBe(false);
    expect(admin.can('read', warning({ dealerId: D2 }))).toBe(false);
    expect(admin.can('read', plan())).toBe(true);
    expect(admin.can('read', plan({ status: 'DRAFT' }))).toBe(false);
    expect(admin.can('record', plan())).toBe(true);
    expect(admin.can('record', plan({ status: 'MET' }))).toBe(false);
    expect(admin.can('approve', plan())).toBe(false);
    const advisor = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']));
    expect(advisor.can('read', warning())).toBe(false);
    expect(navigationFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']))).not.toContain('supervision');
    expect(defineAbilityFor(member(D2, 'PARTS_SUPPLIER', ['SUPPLIER_ADMIN'])).can('read', warning())).toBe(false);
  });
});
