import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { accessibleWhere, asSubject, defineAbilityFor, navigationFor, type Actor } from './index.js';

const T1 = '11111111-1111-7111-8111-111111111111';
const T2 = '22222222-2222-7222-8222-222222222222';
const dealer = (roles: Role[]): Actor => ({
  type: 'member',
  userId: 'u1',
  tenantId: T1,
  tenantKind: 'DEALER_4S',
  roles,
});

describe('abilities (deny by default)', () => {
  it('anonymous may do nothing', () => {
    const a = defineAbilityFor({ type: 'anonymous' });
    expect(a.rules).toEqual([]);
    expect(accessibleWhere(a, 'read', 'User')).toBeNull();
  });

  it('a dealer advisor reads colleagues of its own tenant only and manages nobody', () => {
    const a = defineAbilityFor(dealer(['SERVICE_ADVISOR']));
    expect(a.can('read', asSubject('User', { tenantId: T1 }))).toBe(true);
    expect(a.can('read', asSubject('User', { tenantId: T2 }))).toBe(false);
    expect(a.can('invite', 'User')).toBe(false);
    expect(a.can('read', 'AuditEntry')).toBe(false);
    expect(accessibleWhere(a, 'read', 'User')).toEqual({ $or: [{ tenantId: T1 }] });
    expect(navigationFor(dealer(['SERVICE_ADVISOR']))).toEqual([
      'home',
      'workshop',
      'appointments',
      'customers',
      'claims',
      'complaints',
      'contracts',
      'service-requests',
      'network',
    ]);
  });

  it('a dealer admin manages its own users and opens relationships from its own tenant', () => {
    const a = defineAbilityFor(dealer(['SERVICE_ADMIN']));
    expect(a.can('invite', asSubject('User', { tenantId: T1 }))).toBe(true);
    expect(a.can('invite', asSubject('User', { tenantId: T2 }))).toBe(false);
    expect(a.can('create', asSubject('Relationship', { fromTenantId: T1, toTenantId: T2 }))).toBe(true);
    expect(a.can('update', asSubject('Relationship', { fromTenantId: T2, toTenantId: T1 }))).toBe(false);
    expect(navigationFor(dealer(['SERVICE_ADMIN']))).toEqual([
      'home',
      'workshop',
      'appointments',
      'customers',
      'jobs',
      'dispatch',
      'follow-ups',
      'claims',
      'returns',
      'settlements',
      'parts',
      'complaints',
      'contracts',
      'service-requests',
      'figures',
      'supervision',
      'network',
      'users',
      'audit',
    ]);
    expect(navigationFor(dealer(['TECHNICIAN']))).toEqual(['home', 'workshop', 'appointments', 'customers', 'jobs', 'service-requests', 'network']);
    expect(navigationFor(dealer(['WORKSHOP_CONTROLLER']))).toEqual([
      'home',
      'workshop',
      'appointments',
      'customers',
      'jobs',
      'dispatch',
      'contracts',
      'service-requests',
      'network',
    ]);
  });

  it('workshop: advisors run orders, technicians work only on what was dispatched to them, discounts need the admin', () => {
    const advisor = defineAbilityFor(dealer(['SERVICE_ADVISOR']));
    const tech: Actor = { type: 'member', userId: 'tech-1', tenantId: T1, tenantKind: 'DEALER_4S', roles: ['TECHNICIAN'] };
    const t = defineAbilityFor(tech);
    const order = (technicianId: string | null, tenantId = T1) => asSubject('RepairOrder', { tenantId, technicianId });
    expect(advisor.can('create', order(null))).toBe(true);
    expect(advisor.can('create', order(null, T2))).toBe(false);
    expect(advisor.can('discount', order(null))).toBe(false);
    expect(defineAbilityFor(dealer(['SERVICE_ADMIN'])).can('discount', order(null))).toBe(true);
    expect(t.can('work', order('tech-1'))).toBe(true);
    expect(t.can('work', order('tech-2'))).toBe(false);
    expect(t.can('work', asSubject('RepairOrderLine', { tenantId: T1, technicianId: 'tech-2' }))).toBe(false);
    expect(t.can('settle', order('tech-1'))).toBe(false);
    expect(t.can('read', order('tech-2'))).toBe(true);
    // manufacturers and suppliers have no workshop
    const oem = defineAbilityFor({ type: 'member', userId: 'o', tenantId: T2, tenantKind: 'MANUFACTURER', roles: ['OEM_ADMIN'] });
    expect(oem.can('read', 'RepairOrder')).toBe(false);
  });

  it('booking requests from the public page: the front desk of the provider handles them, nobody else', () => {
    const req = (tenantId: string) => asSubject('BookingRequest', { tenantId });
    expect(defineAbilityFor(dealer(['SERVICE_ADVISOR'])).can('update', req(T1))).toBe(true);
    expect(defineAbilityFor(dealer(['SERVICE_ADVISOR'])).can('update', req(T2))).toBe(false);
    expect(defineAbilityFor(dealer(['TECHNICIAN'])).can('read', req(T1))).toBe(false);
    expect(defineAbilityFor({ type: 'anonymous' }).can('read', 'BookingRequest')).toBe(false);
  });

  it('a customer with a tracking link sees and answers for their own repair order only', () => {
    const c = defineAbilityFor({ type: 'customer', tenantId: T1, repairOrderId: 'ro-1' });
    expect(c.can('read', asSubject('RepairOrder', { tenantId: T1, id: 'ro-1' }))).toBe(true);
    expect(c.can('decideAdditionalWork', asSubject('RepairOrder', { tenantId: T1, id: 'ro-1' }))).toBe(true);
    expect(c.can('approve', asSubject('RepairOrder', { tenantId: T1, id: 'ro-1' }))).toBe(true);
    expect(c.can('approve', asSubject('RepairOrder', { tenantId: T1, id: 'ro-2' }))).toBe(false);
    expect(c.can('read', asSubject('RepairOrder', { tenantId: T1, id: 'ro-2' }))).toBe(false);
    expect(c.can('settle', asSubject('RepairOrder', { tenantId: T1, id: 'ro-1' }))).toBe(false);
    expect(c.can('read', 'Customer')).toBe(false);
    expect(c.can('subscribe', 'Event')).toBe(false);
  });

  it('events reach a tenant only when it is in the audience', () => {
    const a = defineAbilityFor(dealer(['TECHNICIAN']));
    expect(a.can('subscribe', asSubject('Event', { audienceTenantIds: [T2, T1] }))).toBe(true);
    expect(a.can('subscribe', asSubject('Event', { audienceTenantIds: [T2] }))).toBe(false);
  });

  it('a network manager manages authorisations of its regions only', () => {
    const a = defineAbilityFor({ type: 'member', userId: 'm', tenantId: T1, tenantKind: 'MANUFACTURER', roles: ['NETWORK_MANAGER'], regions: ['华东'] });
    const auth = (region: string) => asSubject('Relationship', { fromTenantId: T1, kind: 'DEALER_AUTHORIZATION', region });
    expect(a.can('create', auth('华东'))).toBe(true);
    expect(a.can('create', auth('华北'))).toBe(false);
    expect(a.can('create', asSubject('Relationship', { fromTenantId: T1, kind: 'SUPPLY_AGREEMENT', region: '华东' }))).toBe(false);
    // and sees only the dealers of its regions
    expect(a.can('read', auth('华东'))).toBe(true);
    expect(a.can('read', auth('华北'))).toBe(false);
    const where = accessibleWhere(a, 'read', 'Relationship') as { $or: unknown[] };
    expect(where.$or).toHaveLength(3);
    expect(where.$or).toEqual(
      expect.arrayContaining([
        { fromTenantId: T1, kind: 'DEALER_AUTHORIZATION', region: { $in: ['华东'] } },
        { fromTenantId: T1, kind: 'SUPPLY_AGREEMENT' },
        { toTenantId: T1 },
      ]),
    );
  });

  it('the platform operator creates tenants but reads no business data', () => {
    const a = defineAbilityFor({ type: 'platform', userId: 'p' });
    expect(a.can('create', 'Tenant')).toBe(true);
    expect(a.can('read', 'User')).toBe(false);
    expect(a.can('read', 'Relationship')).toBe(false);
    expect(a.can('read', 'AuditEntry')).toBe(false);
  });
});
