import { asSubject, defineAbilityFor, type Action } from '@asn/authz';
import type { Role, TenantKind } from '@asn/domain';
import type { MeFieldsFragment } from '$lib/graphql/generated';

/**
 * The same CASL ability the API enforces, built from `me`: the portal shows only the actions
 * the API would accept (the API still checks every call).
 */
export function abilityOf(me: MeFieldsFragment) {
  return defineAbilityFor(
    me.tenant
      ? {
          type: 'member',
          userId: me.user.id,
          tenantId: me.tenant.id,
          tenantKind: me.tenant.kind as TenantKind,
          roles: me.user.roles as Role[],
          regions: me.user.regions,
        }
      : { type: 'platform', userId: me.user.id },
  );
}

export function canOnOrder(me: MeFieldsFragment, action: Action, order: { technicianId: string | null }): boolean {
  return abilityOf(me).can(action, asSubject('RepairOrder', { tenantId: me.tenant?.id, technicianId: order.technicianId }));
}
