import { TenantKind } from './tenancy.js';
import type { ReasonParams } from './reasons.js';

/**
 * Network relationships (domain.md §1): explicit rows linking two tenants.
 * `from` is the party that grants or opens the relationship.
 */
export const RelationshipKind = {
  /** manufacturer ⇄ dealer (or shop) authorisation: dealer code, region, brands, validity. */
  DEALER_AUTHORIZATION: 'DEALER_AUTHORIZATION',
  /** manufacturer ⇄ supplier: parts supplied, recovery share. */
  SUPPLY_AGREEMENT: 'SUPPLY_AGREEMENT',
  /** dealer/shop ⇄ supplier trade account. */
  TRADE_ACCOUNT: 'TRADE_ACCOUNT',
} as const;
export type RelationshipKind = (typeof RelationshipKind)[keyof typeof RelationshipKind];
export const RELATIONSHIP_KINDS = Object.values(RelationshipKind);

/** Which tenant kinds may stand on each side of a relationship kind. */
export const RELATIONSHIP_SIDES: Record<RelationshipKind, { from: readonly TenantKind[]; to: readonly TenantKind[] }> = {
  DEALER_AUTHORIZATION: {
    from: [TenantKind.MANUFACTURER],
    to: [TenantKind.DEALER_4S, TenantKind.INDEPENDENT_SHOP],
  },
  SUPPLY_AGREEMENT: { from: [TenantKind.MANUFACTURER], to: [TenantKind.PARTS_SUPPLIER] },
  TRADE_ACCOUNT: {
    from: [TenantKind.DEALER_4S, TenantKind.INDEPENDENT_SHOP],
    to: [TenantKind.PARTS_SUPPLIER],
  },
};

export function relationshipSidesProblem(kind: RelationshipKind, fromKind: TenantKind, toKind: TenantKind): string | undefined {
  const sides = RELATIONSHIP_SIDES[kind];
  if (!sides.from.includes(fromKind)) {
    return `a ${kind} cannot be opened by a ${fromKind} tenant`;
  }
  if (!sides.to.includes(toKind)) {
    return `a ${kind} cannot be opened with a ${toKind} tenant`;
  }
  return undefined;
}

/** The same check as relationshipSidesProblem, as the catalogued reason WRONG_PARTY_KIND with its parameters. */
export function relationshipSidesRefusal(
  kind: RelationshipKind,
  fromKind: TenantKind,
  toKind: TenantKind,
): { message: string; params: ReasonParams<'WRONG_PARTY_KIND'> } | undefined {
  const message = relationshipSidesProblem(kind, fromKind, toKind);
  if (!message) return undefined;
  const from = !RELATIONSHIP_SIDES[kind].from.includes(fromKind);
  return { message, params: { kind, side: from ? 'FROM' : 'TO', tenantKind: from ? fromKind : toKind } };
}

/** Is a relationship valid on `day` (YYYY-MM-DD, inclusive bounds)? */
export function isActiveOn(validFrom: string, validTo: string | null | undefined, day: string): boolean {
  return validFrom <= day && (validTo == null || day <= validTo);
}
