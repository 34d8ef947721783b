import { asSubject, defineAbilityFor, type Action } from '@asn/authz';
import { allowedEvents, type Machine, type Role, type TenantKind } from '@asn/domain';
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

/**
 * The events `me` may fire now on a record the API lists no `allowedEvents` for (a recovery claim):
 * its machine accepts the event in this state, and `me` holds the event's permission — the
 * machine and the event → action map of @asn/domain, the rule the API's document layer applies.
 */
export function eventsOn<S extends string, E extends string>(
  me: MeFieldsFragment,
  machine: Machine<S, E>,
  eventActions: Readonly<Record<E, string>>,
  subject: Record<string, unknown>,
  state: S,
): E[] {
  const ability = abilityOf(me);
  return allowedEvents(machine, state).filter((event) => ability.can(eventActions[event] as Action, subject));
}
