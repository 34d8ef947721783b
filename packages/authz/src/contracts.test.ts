import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { asSubject, defineAbilityFor, navigationFor, type Actor } from './index.js';

const OEM = '11111111-1111-7111-8111-111111111111';
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
const contract = (extra: Record<string, unknown> = {}) =>
  asSubject('ServiceContract', { id: 'c1', tenantId: D1, manufacturerId: OEM, region: '华东', status: 'ACTIVE', ...extra });
const request = (extra: Record<string, unknown> = {}) =>
  asSubject('ServiceRequest', { id: 'r1', tenantId: D1, manufacturerId: OEM, region: '华东', contractId: 'c1', ...extra });

describe('service contract abilities', () => {
  it('the dealer’s admin writes and activates contracts and keeps the calendar; the desk handles requests; a technician reads requests only', () => {
    const admin = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADMIN']));
    for (const action of ['create', 'update', 'approve', 'cancel'] as const) expect(admin.can(action, contract()), action).toBe(true);
    expect(admin.can('update', asSubject('WorkingCalendar', { tenantId: D1 }))).toBe(true);
    const advisor = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']));
    expect(advisor.can('read', contract())).toBe(true);
    expect(advisor.can('approve', contract())).toBe(false);
    for (const action of ['create', 'answer', 'record', 'cancel'] as const) expect(advisor.can(action, request()), action).toBe(true);
    expect(advisor.can('update', asSubject('WorkingCalendar', { tenantId: D1 }))).toBe(false);
    const tech = defineAbilityFor(member(D1, 'DEALER_4S', ['TECHNICIAN']));
    expect(tech.can('read', request())).toBe(true);
    expect(tech.can('answer', request())).toBe(false);
    expect(tech.can('read', contract())).toBe(false);
    // another dealer: nothing
    const other = defineAbilityFor(member(D2, 'DEALER_4S', ['SERVICE_ADMIN']));
    expect(other.can('read', contract())).toBe(false);
    expect(other.can('read', request())).toBe(false);
  });

  it('the manufacturer reads its dealers’ contracts on its products (a regional manager its regions’), never changes them', () => {
    const quality = defineAbilityFor(member(OEM, 'MANUFACTURER', ['QUALITY_ENGINEER']));
    expect(quality.can('read', contract())).toBe(true);
    expect(quality.can('read', request())).toBe(true);
    expect(quality.can('answer', request())).toBe(false);
    expect(quality.can('update', contract())).toBe(false);
    expect(quality.can('read', contract({ manufacturerId: null }))).toBe(false);
    const regional = defineAbilityFor(member(OEM, 'MANUFACTURER', ['NETWORK_MANAGER'], ['华北']));
    expect(regional.can('read', contract())).toBe(false);
    expect(regional.can('read', contract({ region: '华北' }))).toBe(true);
    // its own contracts (the manufacturer as provider): its admin writes them
    const oemAdmin = defineAbilityFor(member(OEM, 'MANUFACTURER', ['OEM_ADMIN']));
    expect(oemAdmin.can('approve', contract({ tenantId: OEM, manufacturerId: null }))).toBe(true);
    expect(oemAdmin.can('approve', contract())).toBe(false);
  });

  it('a contract holder reads its own contract and its requests, reports and answers; nothing else, no menu', () => {
    const holder: Actor = { type: 'contractHolder', tenantId: D1, contractId: 'c1', linkId: 'l' };
    const a = defineAbilityFor(holder);
    expect(a.can('read', contract())).toBe(true);
    expect(a.can('read', contract({ id: 'c2' }))).toBe(false);
    expect(a.can('create', request())).toBe(true);
    expect(a.can('record', request())).toBe(true);
    expect(a.can('answer', request())).toBe(false);
    expect(a.can('read', request({ contractId: 'c2' }))).toBe(false);
    expect(a.can('read', asSubject('RepairOrder', { tenantId: D1 }))).toBe(false);
    expect(navigationFor(holder)).toEqual([]);
  });
});
