/** Tenant kinds and roles, domain.md §1. */
export const TenantKind = {
  MANUFACTURER: 'MANUFACTURER',
  DEALER_4S: 'DEALER_4S',
  INDEPENDENT_SHOP: 'INDEPENDENT_SHOP',
  PARTS_SUPPLIER: 'PARTS_SUPPLIER',
} as const;
export type TenantKind = (typeof TenantKind)[keyof typeof TenantKind];
export const TENANT_KINDS = Object.values(TenantKind);

export const Role = {
  // manufacturer
  OEM_ADMIN: 'OEM_ADMIN',
  WARRANTY_REVIEWER: 'WARRANTY_REVIEWER',
  PARTS_MANAGER: 'PARTS_MANAGER',
  QUALITY_ENGINEER: 'QUALITY_ENGINEER',
  NETWORK_MANAGER: 'NETWORK_MANAGER',
  ANALYST: 'ANALYST',
  // dealer / shop
  SERVICE_ADMIN: 'SERVICE_ADMIN',
  SERVICE_ADVISOR: 'SERVICE_ADVISOR',
  WORKSHOP_CONTROLLER: 'WORKSHOP_CONTROLLER',
  TECHNICIAN: 'TECHNICIAN',
  INSPECTOR: 'INSPECTOR',
  PARTS_CLERK: 'PARTS_CLERK',
  WARRANTY_CLERK: 'WARRANTY_CLERK',
  CASHIER: 'CASHIER',
  CUSTOMER_CARE: 'CUSTOMER_CARE',
  // supplier
  SUPPLIER_ADMIN: 'SUPPLIER_ADMIN',
  ORDER_DESK: 'ORDER_DESK',
  SUPPLIER_QUALITY: 'SUPPLIER_QUALITY',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role);

const PROVIDER_ROLES: readonly Role[] = [
  Role.SERVICE_ADMIN,
  Role.SERVICE_ADVISOR,
  Role.WORKSHOP_CONTROLLER,
  Role.TECHNICIAN,
  Role.INSPECTOR,
  Role.PARTS_CLERK,
  Role.WARRANTY_CLERK,
  Role.CASHIER,
  Role.CUSTOMER_CARE,
];

/** Which roles exist in which kind of tenant. */
export const ROLES_BY_KIND: Record<TenantKind, readonly Role[]> = {
  MANUFACTURER: [Role.OEM_ADMIN, Role.WARRANTY_REVIEWER, Role.PARTS_MANAGER, Role.QUALITY_ENGINEER, Role.NETWORK_MANAGER, Role.ANALYST],
  DEALER_4S: PROVIDER_ROLES,
  INDEPENDENT_SHOP: PROVIDER_ROLES,
  PARTS_SUPPLIER: [Role.SUPPLIER_ADMIN, Role.ORDER_DESK, Role.SUPPLIER_QUALITY],
};

/** The role that administers a tenant of the given kind (manages users and relationships). */
export const ADMIN_ROLE_BY_KIND: Record<TenantKind, Role> = {
  MANUFACTURER: Role.OEM_ADMIN,
  DEALER_4S: Role.SERVICE_ADMIN,
  INDEPENDENT_SHOP: Role.SERVICE_ADMIN,
  PARTS_SUPPLIER: Role.SUPPLIER_ADMIN,
};

export function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}

export function isTenantKind(value: string): value is TenantKind {
  return (TENANT_KINDS as string[]).includes(value);
}

/** Roles in `roles` that a tenant of `kind` cannot have. */
export function rolesNotAllowedFor(kind: TenantKind, roles: readonly string[]): string[] {
  const allowed = ROLES_BY_KIND[kind] as readonly string[];
  return roles.filter((r) => !allowed.includes(r));
}

export function isServiceProvider(kind: TenantKind): boolean {
  return kind === TenantKind.DEALER_4S || kind === TenantKind.INDEPENDENT_SHOP;
}
