import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { asSubject, defineAbilityFor, type Actor } from './index.js';

const T1 = '11111111-1111-7111-8111-111111111111';
const T2 = '22222222-2222-7222-8222-222222222222';
const RO = '33333333-3333-7333-8333-333333333333';
const dealer = (roles: Role[], tenantId = T1): Actor => ({ type: 'member', userId: 'u1', tenantId, tenantKind: 'DEALER_4S', roles });
const photo = (extra: Record<string, unknown> = {}) => asSubject('Attachment', { tenantId: T1, repairOrderId: RO, customerVisible: true, ...extra });

describe('attachments', () => {
  it('the workshop reads its own files; technicians, desk and controller may attach (the parts clerk to a receiving discrepancy); others and other tenants not', () => {
    for (const role of ['SERVICE_ADMIN', 'SERVICE_ADVISOR', 'WORKSHOP_CONTROLLER', 'TECHNICIAN'] as Role[]) {
      expect(defineAbilityFor(dealer([role])).can('create', asSubject('Attachment', { tenantId: T1 })), role).toBe(true);
    }
    // the parts clerk photographs what arrived wrong (a receiving discrepancy; the owner's own check decides where)
    const clerk = defineAbilityFor(dealer(['PARTS_CLERK']));
    expect(clerk.can('create', asSubject('Attachment', { tenantId: T1, ownerType: 'PartsDiscrepancy' }))).toBe(true);
    expect(clerk.can('create', asSubject('Attachment', { tenantId: T1, ownerType: 'RepairOrderLine' }))).toBe(false);
    expect(clerk.can('create', asSubject('Attachment', { tenantId: T2, ownerType: 'PartsDiscrepancy' }))).toBe(false);
    expect(clerk.can('read', photo())).toBe(true);
    for (const role of ['INSPECTOR', 'CASHIER', 'CUSTOMER_CARE'] as Role[]) {
      const a = defineAbilityFor(dealer([role]));
      expect(a.can('create', asSubject('Attachment', { tenantId: T1, ownerType: 'RepairOrderLine' })), role).toBe(false);
      expect(a.can('read', photo()), role).toBe(true);
    }
    // customer care files a complaint's letter and photos, nothing else
    const care = defineAbilityFor(dealer(['CUSTOMER_CARE']));
    expect(care.can('create', asSubject('Attachment', { tenantId: T1, ownerType: 'Complaint' }))).toBe(true);
    expect(care.can('create', asSubject('Attachment', { tenantId: T2, ownerType: 'Complaint' }))).toBe(false);
    expect(defineAbilityFor(dealer(['SERVICE_ADMIN'], T2)).can('read', photo())).toBe(false);
    expect(defineAbilityFor({ type: 'member', userId: 'u', tenantId: T1, tenantKind: 'MANUFACTURER', roles: ['OEM_ADMIN'] }).can('read', photo())).toBe(false);
  });

  it('a customer reads only the photos shown to them, of their own order', () => {
    const a = defineAbilityFor({ type: 'customer', tenantId: T1, repairOrderId: RO, linkId: 'l' });
    expect(a.can('read', photo())).toBe(true);
    expect(a.can('read', photo({ customerVisible: false }))).toBe(false);
    expect(a.can('read', photo({ repairOrderId: '44444444-4444-7444-8444-444444444444' }))).toBe(false);
    expect(a.can('read', photo({ tenantId: T2 }))).toBe(false);
    expect(a.can('create', 'Attachment')).toBe(false);
    expect(defineAbilityFor({ type: 'anonymous' }).can('read', photo())).toBe(false);
  });
});
