import { describe, expect, it } from 'vitest';
import type { Role } from '@asn/domain';
import { asSubject, defineAbilityFor, navigationFor, type Actor } from './index.js';

const OEM = '11111111-1111-7111-8111-111111111111';
const D1 = '22222222-2222-7222-8222-222222222222';
const D2 = '33333333-3333-7333-8333-333333333333';
const SUP = '44444444-4444-7444-8444-444444444444';
const member = (tenantId: string, tenantKind: Extract<Actor, { type: 'member' }>['tenantKind'], roles: Role[]): Actor => ({
  type: 'member',
  userId: 'u',
  tenantId,
  tenantKind,
  roles,
});
const order = (extra: Record<string, unknown> = {}) => asSubject('PartsOrder', { tenantId: D1, sellerId: SUP, status: 'SUBMITTED', ...extra });

describe('parts abilities', () => {
  it('the dealer’s parts clerk orders, cancels and receives its own orders, and fulfils none', () => {
    const clerk = defineAbilityFor(member(D1, 'DEALER_4S', ['PARTS_CLERK']));
    for (const action of ['create', 'submit', 'cancel', 'receive'] as const) expect(clerk.can(action, order()), action).toBe(true);
    expect(clerk.can('fulfil', order())).toBe(false);
    expect(clerk.can('read', order({ tenantId: D2 }))).toBe(false);
    expect(clerk.can('update', asSubject('StockItem', { tenantId: D1 }))).toBe(true);
    expect(clerk.can('create', asSubject('CataloguePart', { tenantId: D1 }))).toBe(false);
  });

  it('the workshop reads its orders and stock; only the parts staff change them', () => {
    const advisor = defineAbilityFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']));
    expect(advisor.can('read', order())).toBe(true);
    expect(advisor.can('create', order())).toBe(false);
    expect(advisor.can('update', asSubject('StockItem', { tenantId: D1 }))).toBe(false);
  });

  it('the supplier’s order desk fulfils the orders placed with it, never sees a buyer’s draft, and buys nothing', () => {
    const desk = defineAbilityFor(member(SUP, 'PARTS_SUPPLIER', ['ORDER_DESK']));
    expect(desk.can('fulfil', order())).toBe(true);
    expect(desk.can('read', order())).toBe(true);
    expect(desk.can('read', order({ status: 'DRAFT' }))).toBe(false);
    expect(desk.can('read', order({ sellerId: OEM }))).toBe(false);
    expect(desk.can('cancel', order())).toBe(false);
    expect(desk.can('create', asSubject('CataloguePart', { tenantId: SUP }))).toBe(true);
    // supplier quality staff keep no catalogue and fulfil nothing
    const quality = defineAbilityFor(member(SUP, 'PARTS_SUPPLIER', ['SUPPLIER_QUALITY']));
    expect(quality.can('fulfil', order())).toBe(false);
    expect(quality.can('read', 'PartsOrder')).toBe(false);
  });

  it('the manufacturer’s parts manager sells from the depot and buys from suppliers', () => {
    const pm = defineAbilityFor(member(OEM, 'MANUFACTURER', ['PARTS_MANAGER']));
    expect(pm.can('fulfil', order({ sellerId: OEM }))).toBe(true);
    expect(pm.can('create', order({ tenantId: OEM }))).toBe(true);
    expect(pm.can('receive', order({ tenantId: OEM }))).toBe(true);
    expect(pm.can('fulfil', order())).toBe(false);
    expect(defineAbilityFor(member(OEM, 'MANUFACTURER', ['WARRANTY_REVIEWER'])).can('read', 'PartsOrder')).toBe(false);
  });

  it('the parts area is in the menu of who orders or fills orders, not of the workshop', () => {
    expect(navigationFor(member(D1, 'DEALER_4S', ['PARTS_CLERK']))).toContain('parts');
    expect(navigationFor(member(SUP, 'PARTS_SUPPLIER', ['ORDER_DESK']))).toContain('parts');
    expect(navigationFor(member(OEM, 'MANUFACTURER', ['PARTS_MANAGER']))).toContain('parts');
    expect(navigationFor(member(D1, 'DEALER_4S', ['SERVICE_ADVISOR']))).not.toContain('parts');
    expect(navigationFor(member(D1, 'DEALER_4S', ['TECHNICIAN']))).not.toContain('parts');
  });
});
