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
const row = (extra: Record<string, unknown> = {}) => asSubject('Figure', { tenantId: D1, audienceId: OEM, region: '华东', ...extra });

describe('network figure abilities', () => {
  it('a dealer’s service admin reads its own figures only; its advisor none', () => {
    const admin = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADMIN']));
    expect(admin.can('read', row())).toBe(true);
    expect(admin.can('read', row({ tenantId: D2 }))).toBe(false);
    expect(accessibleWhere(admin, 'read', 'Figure')).toEqual({ $or: [{ tenantId: D1 }] });
    expect(navigationFor(member(D1, 'DEALER_4S', ['SERVICE_ADMIN']))).toContain('figures');
    const advisor = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']));
    expect(advisor.can('read', row())).toBe(false);
    expect(navigationFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']))).not.toContain('figures');
  });

  it('the manufacturer reads the figures addressed to it; a regional manager its regions’; a supplier nothing', () => {
    for (const role of ['OEM_ADMIN', 'ANALYST', 'QUALITY_ENGINEER'] as const) {
      const a = defineAbilityFor(member(OEM, 'MANUFACTURER', [role]));
      expect(a.can('read', row()), role).toBe(true);
      expect(a.can('read', row({ audienceId: OEM2 })), role).toBe(false);
      expect(a.can('read', row({ audienceId: null })), role).toBe(false);
    }
    const regional = defineAbilityFor(member(OEM, 'MANUFACTURER', ['NETWORK_MANAGER'], ['华东']));
    expect(regional.can('read', row())).toBe(true);
    expect(regional.can('read', row({ region: '华北' }))).toBe(false);
    expect(accessibleWhere(regional, 'read', 'Figure')).toEqual({ $or: [{ audienceId: OEM, region: { $in: ['华东'] } }] });
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER'])).can('read', row())).toBe(false);
    expect(defineAbilityFor(member(D2, 'PARTS_SUPPLIER', ['SUPPLIER_ADMIN'])).can('read', row())).toBe(false);
  });

  it('a parts supplier’s admin reads its own figures only; its order desk none', () => {
    const admin = defineAbilityFor(member(D2, 'PARTS_SUPPLIER', ['SUPPLIER_ADMIN']));
    expect(admin.can('read', row({ tenantId: D2 }))).toBe(true);
    expect(admin.can('read', row())).toBe(false);
    expect(accessibleWhere(admin, 'read', 'Figure')).toEqual({ $or: [{ tenantId: D2 }] });
    expect(defineAbilityFor(member(D2, 'PARTS_SUPPLIER', ['ORDER_DESK'])).can('read', 'Figure')).toBe(false);
  });
});
