import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { accessibleWhere, asSubject, defineAbilityFor, navigationFor, type Actor } from './index.js';

const OEM = '11111111-1111-7111-8111-111111111111';
const OEM2 = '55555555-5555-7555-8555-555555555555';
const D1 = '22222222-2222-7222-8222-222222222222';
const D2 = '33333333-3333-7333-8333-333333333333';
const SUP = '44444444-4444-7444-8444-444444444444';
const member = (tenantId: string, tenantKind: Extract<Actor, { type: 'member' }>['tenantKind'], roles: Role[], regions: string[] = []): Actor => ({
  type: 'member',
  userId: 'u',
  tenantId,
  tenantKind,
  roles,
  regions,
});
const claim = (extra: Record<string, unknown> = {}) =>
  asSubject('WarrantyClaim', { tenantId: D1, manufacturerId: OEM, status: 'SUBMITTED', region: '华东', ...extra });

describe('warranty abilities', () => {
  it('the dealer’s warranty clerk files and submits its own claims only; a technician sees none', () => {
    const clerk = defineAbilityFor(member(D1, 'DEALER_4S', ['WARRANTY_CLERK']));
    expect(clerk.can('submit', claim())).toBe(true);
    expect(clerk.can('read', claim({ tenantId: D2 }))).toBe(false);
    expect(clerk.can('submit', claim({ tenantId: D2 }))).toBe(false);
    expect(clerk.can('review', claim())).toBe(false);
    expect(defineAbilityFor(member(D1, 'DEALER_4S', ['TECHNICIAN'])).can('read', 'WarrantyClaim')).toBe(false);
    expect(defineAbilityFor(member(D1, 'DEALER_4S', ['PARTS_CLERK'])).can('ship', claim())).toBe(true);
    expect(defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR'])).can('submit', claim())).toBe(false);
  });

  it('only the manufacturer’s reviewers decide, only claims filed with it, never drafts', () => {
    const reviewer = defineAbilityFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER']));
    expect(reviewer.can('review', claim())).toBe(true);
    expect(reviewer.can('read', claim({ status: 'DRAFT' }))).toBe(false);
    expect(reviewer.can('read', claim({ manufacturerId: OEM2 }))).toBe(false);
    expect(reviewer.can('review', claim({ manufacturerId: OEM2 }))).toBe(false);
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['OEM_ADMIN'])).can('review', claim())).toBe(false);
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['ANALYST'])).can('read', claim())).toBe(true);
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['ANALYST'])).can('review', claim())).toBe(false);
    expect(accessibleWhere(reviewer, 'read', 'WarrantyClaim')).toEqual({ $or: [{ manufacturerId: OEM, status: { $ne: 'DRAFT' } }] });
  });

  it('a regional network manager reads the claims of its regions only', () => {
    const nm = defineAbilityFor(member(OEM, 'MANUFACTURER', ['NETWORK_MANAGER'], ['华东']));
    expect(nm.can('read', claim())).toBe(true);
    expect(nm.can('read', claim({ region: '华北' }))).toBe(false);
    expect(nm.can('read', 'RecoveryClaim')).toBe(false);
  });

  it('a supplier sees and answers only the recovery claims addressed to it', () => {
    const sup = defineAbilityFor(member(SUP, 'PARTS_SUPPLIER', ['SUPPLIER_QUALITY']));
    expect(sup.can('answer', asSubject('RecoveryClaim', { tenantId: OEM, supplierId: SUP }))).toBe(true);
    expect(sup.can('read', asSubject('RecoveryClaim', { tenantId: OEM, supplierId: 'other' }))).toBe(false);
    expect(sup.can('read', claim())).toBe(false);
    expect(defineAbilityFor(member(SUP, 'PARTS_SUPPLIER', ['ORDER_DESK'])).can('answer', asSubject('RecoveryClaim', { supplierId: SUP }))).toBe(false);
    expect(navigationFor(member(SUP, 'PARTS_SUPPLIER', ['SUPPLIER_ADMIN']))).toContain('recoveries');
  });

  it('the catalogue is kept by the manufacturer’s admin; dealers read it', () => {
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['OEM_ADMIN'])).can('create', asSubject('WarrantyCatalogue', { tenantId: OEM }))).toBe(true);
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER'])).can('create', asSubject('WarrantyCatalogue', { tenantId: OEM }))).toBe(false);
    expect(defineAbilityFor(member(D1, 'DEALER_4S', ['WARRANTY_CLERK'])).can('create', 'WarrantyCatalogue')).toBe(false);
    expect(defineAbilityFor(member(D1, 'DEALER_4S', ['WARRANTY_CLERK'])).can('read', 'WarrantyCatalogue')).toBe(true);
  });
});
