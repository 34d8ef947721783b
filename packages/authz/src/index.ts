import { AbilityBuilder, createMongoAbility, subject as caslSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { ADMIN_ROLE_BY_KIND, Role, RelationshipKind, TenantKind, isServiceProvider, type Role as RoleT } from '@asn/domain';

/**
 * Who is asking. A platform operator has no tenant and sees no business data; everyone else
 * is a member of exactly one tenant with one or more roles there.
 */
export type Actor =
  | { type: 'platform'; userId: string }
  | {
      type: 'member';
      userId: string;
      tenantId: string;
      tenantKind: TenantKind;
      roles: readonly RoleT[];
      /** Regions a NETWORK_MANAGER looks after (empty = none). */
      regions?: readonly string[];
    }
  | { type: 'anonymous' }
  /** An end customer holding a verified tracking link: one repair order, nothing else. */
  | { type: 'customer'; tenantId: string; repairOrderId: string; /** The tracking link the visitor verified. */ linkId?: string }
  /** A contract's customer holding a verified contract link: that contract and its service requests, nothing else. */
  | { type: 'contractHolder'; tenantId: string; contractId: string; linkId?: string };

export const Actions = [
  'manage',
  'read',
  'create',
  'update',
  'delete',
  'invite',
  'assignRoles',
  'subscribe',
  // repair order lifecycle (domain.md §3)
  'checkIn',
  'diagnose',
  'estimate',
  'approve',
  'dispatch',
  'work',
  'manageParts',
  'inspect',
  'decideAdditionalWork',
  'settle',
  'discount',
  'deliver',
  'cancel',
  // follow-up calls
  'record',
  'assign',
  // warranty (domain.md §4): file and appeal, review, return parts, credit, recover from suppliers
  'submit',
  'review',
  'ship',
  'receive',
  'credit',
  'raise',
  'answer',
  // parts (domain.md §5): the seller confirms, allocates, backorders and ships
  'fulfil',
] as const;
export type Action = (typeof Actions)[number];

/** Subjects of the foundation; feature modules add theirs here. */
export const Subjects = [
  'all',
  'Tenant',
  'User',
  'Session',
  'Relationship',
  'AuditEntry',
  'Event',
  'Customer',
  'Vehicle',
  'RepairOrder',
  'RepairOrderLine',
  'FollowUp',
  'Visit',
  'BookingRequest',
  'Attachment',
  'WarrantyCatalogue',
  'WarrantyClaim',
  'SettlementBatch',
  'RecoveryClaim',
  'CataloguePart',
  'StockItem',
  'PartsOrder',
  'Complaint',
  'ServiceContract',
  'ServiceRequest',
  'WorkingCalendar',
  /** Network figures (domain.md §8): rollup rows of measures, never the records behind them. */
  'Figure',
  /** Network supervision (domain.md §8): warnings and penalties against a dealer, improvement plans. */
  'Warning',
  'ImprovementPlan',
] as const;
export type SubjectName = (typeof Subjects)[number];

export type AppAbility = MongoAbility<[Action, SubjectName | Record<string, unknown>], MongoQuery>;

/** Marks a plain record as a subject for `ability.can(action, asSubject('User', row))`. */
export function asSubject(type: Exclude<SubjectName, 'all'>, record: object): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...record };
  return caslSubject(type, fields);
}

/** An ability from raw rules: for tests that declare subjects of their own (a toy document). */
export function abilityFromRules(rules: { action: string; subject: string; conditions?: MongoQuery }[]): AppAbility {
  return createMongoAbility<AppAbility>(rules as never);
}

export function defineAbilityFor(actor: Actor): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

  if (actor.type === 'anonymous') return build();

  if (actor.type === 'customer') {
    const mine = { tenantId: actor.tenantId, id: actor.repairOrderId };
    can('read', 'RepairOrder', mine);
    // the customer answers the estimate and proposed additional work themselves
    can('approve', 'RepairOrder', mine);
    can('decideAdditionalWork', 'RepairOrder', mine);
    can('read', 'RepairOrderLine', { tenantId: actor.tenantId, repairOrderId: actor.repairOrderId });
    // photos staff chose to show the customer (of proposed extra work), of this order only
    can('read', 'Attachment', { tenantId: actor.tenantId, repairOrderId: actor.repairOrderId, customerVisible: true });
    // their complaints about this repair: filed, followed and answered (rated) on the page
    can(['read', 'create', 'record'], 'Complaint', { tenantId: actor.tenantId, repairOrderId: actor.repairOrderId });
    return build();
  }

  if (actor.type === 'contractHolder') {
    // their contract (entitlements left, requests and clocks); they report faults and answer the provider
    can('read', 'ServiceContract', { tenantId: actor.tenantId, id: actor.contractId });
    can(['read', 'create', 'record'], 'ServiceRequest', { tenantId: actor.tenantId, contractId: actor.contractId });
    return build();
  }

  if (actor.type === 'platform') {
    // Platform operators create tenants and their first admin; no business data.
    can(['read', 'create', 'update'], 'Tenant');
    can('create', 'User', ['tenantId', 'email', 'displayName', 'roles']);
    can('read', 'Session', { userId: actor.userId });
    can('delete', 'Session', { userId: actor.userId });
    return build();
  }

  const { tenantId, tenantKind, roles, userId } = actor;
  const has = (...r: RoleT[]) => r.some((x) => roles.includes(x));
  const isAdmin = roles.includes(ADMIN_ROLE_BY_KIND[tenantKind]);

  // Everyone: their own tenant, its colleagues, their own sessions, relationships they are party to.
  can('read', 'Tenant', { id: tenantId });
  can('read', 'User', { tenantId });
  can(['read', 'delete'], 'Session', { userId });
  // A manufacturer user whose only role is NETWORK_MANAGER sees the dealer authorisations of
  // its own regions (and the supply agreements), not the whole network.
  const regionalOnly = tenantKind === TenantKind.MANUFACTURER && roles.every((r) => r === Role.NETWORK_MANAGER);
  if (regionalOnly) {
    can('read', 'Relationship', {
      fromTenantId: tenantId,
      kind: RelationshipKind.DEALER_AUTHORIZATION,
      region: { $in: [...(actor.regions ?? [])] },
    });
    can('read', 'Relationship', { fromTenantId: tenantId, kind: RelationshipKind.SUPPLY_AGREEMENT });
  } else {
    can('read', 'Relationship', { fromTenantId: tenantId });
  }
  can('read', 'Relationship', { toTenantId: tenantId });
  // Events concerning the tenant (the subscription re-checks this per event).
  can('subscribe', 'Event', { audienceTenantIds: tenantId });

  if (isAdmin) {
    can(['invite', 'update', 'assignRoles'], 'User', { tenantId });
    can(['create', 'update'], 'Relationship', { fromTenantId: tenantId });
    can('read', 'AuditEntry', { tenantId });
  }

  if (isServiceProvider(tenantKind)) {
    defineWorkshopRules(can, tenantId, userId, has);
    defineDealerWarrantyRules(can, tenantId, has);
  }
  if (tenantKind === TenantKind.MANUFACTURER) defineManufacturerWarrantyRules(can, tenantId, has, regionalOnly ? [...(actor.regions ?? [])] : null);
  if (tenantKind === TenantKind.PARTS_SUPPLIER) {
    // recovery claims addressed to the supplier; its admin and quality staff answer them
    can('read', 'RecoveryClaim', { supplierId: tenantId });
    if (has(Role.SUPPLIER_ADMIN, Role.SUPPLIER_QUALITY)) {
      can('answer', 'RecoveryClaim', { supplierId: tenantId });
      can('create', 'Attachment', { tenantId });
    }
    can('read', 'Attachment', { tenantId });
    can('read', 'Attachment', { sharedWithTenantId: tenantId });
  }

  defineParts(can, tenantId, tenantKind, has);
  defineServiceContracts(can, tenantId, tenantKind, has, regionalOnly ? [...(actor.regions ?? [])] : null);
  defineFigures(can, tenantId, tenantKind, has, regionalOnly ? [...(actor.regions ?? [])] : null);
  defineSupervision(can, tenantId, tenantKind, has, [...(actor.regions ?? [])]);

  if (tenantKind === TenantKind.MANUFACTURER) {
    if (has(Role.ANALYST)) can('read', 'AuditEntry', { tenantId });
    if (has(Role.NETWORK_MANAGER) && !isAdmin) {
      // A regional manager manages the dealer authorisations of its own regions only.
      const regions = [...(actor.regions ?? [])];
      can(['create', 'update'], 'Relationship', {
        fromTenantId: tenantId,
        kind: RelationshipKind.DEALER_AUTHORIZATION,
        region: { $in: regions },
      });
    }
  }

  return build();
}

type Can = AbilityBuilder<AppAbility>['can'];

/**
 * Network figures (ADR 0019): a provider's service admin reads its own figures (and its
 * manufacturer's network totals, no dealer named); the manufacturer's admin, analyst and quality
 * engineer read the figures addressed to it (its authorised dealers, on its brands, in the
 * authorised period), a regional manager those of its regions.
 */
function defineFigures(can: Can, tenantId: string, tenantKind: TenantKind, has: (...r: RoleT[]) => boolean, regionsOnly: string[] | null): void {
  if (isServiceProvider(tenantKind) && has(Role.SERVICE_ADMIN)) can('read', 'Figure', { tenantId });
  // a parts supplier's admin reads its own parts figures (addressed to the manufacturers it supplies)
  if (tenantKind === TenantKind.PARTS_SUPPLIER && has(Role.SUPPLIER_ADMIN)) can('read', 'Figure', { tenantId });
  if (tenantKind === TenantKind.MANUFACTURER && has(Role.OEM_ADMIN, Role.ANALYST, Role.QUALITY_ENGINEER, Role.NETWORK_MANAGER)) {
    const theirs: MongoQuery = regionsOnly ? { audienceId: tenantId, region: { $in: regionsOnly } } : { audienceId: tenantId };
    can('read', 'Figure', theirs);
  }
}

/**
 * Network supervision (ADR 0020): the manufacturer's admin issues warnings and penalties, decides
 * cure reports and appeals, and writes improvement plans for its dealers; a network manager (not
 * the admin) does so for the dealers of its regions; the analyst and the quality engineer read. The
 * dealer's service admin reads those against its own tenant, reports the cure, appeals, and marks
 * its plan's actions done; it reads a plan once agreed (not the manufacturer's drafts).
 */
function defineSupervision(can: Can, tenantId: string, tenantKind: TenantKind, has: (...r: RoleT[]) => boolean, regions: string[]): void {
  if (tenantKind === TenantKind.MANUFACTURER) {
    const writes = ['read', 'create', 'review', 'approve', 'cancel'] as const;
    if (has(Role.OEM_ADMIN)) {
      can([...writes], 'Warning', { tenantId });
      can([...writes], 'ImprovementPlan', { tenantId });
    } else if (has(Role.NETWORK_MANAGER)) {
      const mine = { tenantId, region: { $in: regions } };
      can([...writes], 'Warning', mine);
      can([...writes], 'ImprovementPlan', mine);
    }
    if (has(Role.ANALYST, Role.QUALITY_ENGINEER)) can('read', ['Warning', 'ImprovementPlan'], { tenantId });
  }
  if (isServiceProvider(tenantKind) && has(Role.SERVICE_ADMIN)) {
    can(['read', 'answer', 'raise'], 'Warning', { dealerId: tenantId });
    can('read', 'ImprovementPlan', { dealerId: tenantId, status: { $ne: 'DRAFT' } });
    can('record', 'ImprovementPlan', { dealerId: tenantId, status: 'ACTIVE' });
  }
}

/**
 * Dealers and shops: who may do what with customers, vehicles and repair orders. Everything is
 * limited to the member's own tenant; technicians work only on what was dispatched to them.
 */
function defineWorkshopRules(can: Can, tenantId: string, userId: string, has: (...r: RoleT[]) => boolean): void {
  const own = { tenantId };
  can('read', ['Customer', 'Vehicle', 'RepairOrder', 'RepairOrderLine'], own);

  const front = has(Role.SERVICE_ADMIN, Role.SERVICE_ADVISOR);
  if (front || has(Role.CUSTOMER_CARE)) can(['create', 'update'], ['Customer', 'Vehicle'], own);
  if (front) {
    can(['create', 'checkIn', 'estimate', 'approve', 'decideAdditionalWork', 'deliver', 'cancel', 'update'], 'RepairOrder', own);
    can('diagnose', 'RepairOrder', own);
    // requests from the public booking page: the front desk accepts or declines them
    can(['read', 'update'], 'BookingRequest', own);
  }
  can('read', 'Visit', own);
  // photos and files: everyone of the workshop sees them; who attaches is narrowed by the owner
  // (the technician of the order, the front desk, the controller; the engineer of a visit)
  can('read', 'Attachment', own);
  if (has(Role.SERVICE_ADMIN, Role.SERVICE_ADVISOR, Role.WORKSHOP_CONTROLLER, Role.TECHNICIAN)) can('create', 'Attachment', own);
  if (has(Role.SERVICE_ADMIN, Role.WORKSHOP_CONTROLLER)) {
    can(['dispatch', 'work', 'manageParts'], 'RepairOrder', own);
    can('work', 'RepairOrderLine', own);
    can(['dispatch', 'work'], 'Visit', own);
  }
  if (has(Role.TECHNICIAN)) {
    // only orders dispatched to them, and only their own labour lines
    can(['diagnose', 'work', 'manageParts'], 'RepairOrder', { tenantId, technicianId: userId });
    can('work', 'RepairOrderLine', { tenantId, technicianId: userId });
    // an engineer on the road updates their own visits
    can('work', 'Visit', { tenantId, engineerId: userId });
  }
  if (has(Role.INSPECTOR)) can(['diagnose', 'inspect'], 'RepairOrder', own);
  if (has(Role.PARTS_CLERK)) can('manageParts', 'RepairOrder', own);
  if (has(Role.SERVICE_ADMIN, Role.CASHIER)) can('settle', 'RepairOrder', own);
  // discounts need the service admin (domain.md §3, settlement)
  if (has(Role.SERVICE_ADMIN)) can('discount', 'RepairOrder', own);

  // follow-up calls: care agents work their own queue; the supervisor sees all and reassigns
  if (has(Role.CUSTOMER_CARE)) can(['read', 'record'], 'FollowUp', { tenantId, assignedTo: userId });
  if (has(Role.SERVICE_ADMIN)) can(['read', 'record', 'assign'], 'FollowUp', own);

  // complaints about the workshop (domain.md §7): the desk records them; customer care and the
  // supervisor (service admin) acknowledge, investigate, resolve, escalate and record the answer
  if (has(Role.SERVICE_ADMIN, Role.CUSTOMER_CARE, Role.SERVICE_ADVISOR)) can(['read', 'create'], 'Complaint', own);
  if (has(Role.SERVICE_ADMIN, Role.CUSTOMER_CARE)) {
    can(['answer', 'raise', 'record'], 'Complaint', own);
    can(['read', 'create'], 'Attachment', { ...own, ownerType: 'Complaint' });
  }
  // the complaint clock's settings are the supervisor's
  if (has(Role.SERVICE_ADMIN)) can('update', 'Complaint', own);
}

/**
 * A dealer's (or an authorised shop's) side of warranty: the warranty clerk and the service admin
 * file, edit, submit and appeal their own claims; the parts clerk ships returned parts; the desk
 * and the cashier read them. The manufacturer's catalogue is readable by any staff; which
 * manufacturers' is narrowed by the service (authorisations) and by row-level security.
 */
function defineDealerWarrantyRules(can: Can, tenantId: string, has: (...r: RoleT[]) => boolean): void {
  can('read', 'WarrantyCatalogue');
  const own = { tenantId };
  if (has(Role.SERVICE_ADMIN, Role.WARRANTY_CLERK, Role.SERVICE_ADVISOR, Role.CASHIER, Role.PARTS_CLERK)) can('read', 'WarrantyClaim', own);
  if (has(Role.SERVICE_ADMIN, Role.WARRANTY_CLERK)) {
    can(['create', 'update', 'submit'], 'WarrantyClaim', own);
    can('create', 'Attachment', own);
  }
  if (has(Role.SERVICE_ADMIN, Role.WARRANTY_CLERK, Role.PARTS_CLERK)) can('ship', 'WarrantyClaim', own);
  if (has(Role.SERVICE_ADMIN, Role.WARRANTY_CLERK, Role.CASHIER)) can('read', 'SettlementBatch', { dealerId: tenantId });
}

/**
 * The manufacturer's side: the admin keeps the catalogue; reviewers (and only they) decide claims
 * filed with it — never drafts; reviewers and quality engineers receive and inspect returned
 * parts and raise supplier recoveries; reviewers and the admin credit settlement batches. A
 * regional network manager reads the claims of its regions only; the analyst reads everything.
 */
function defineManufacturerWarrantyRules(can: Can, tenantId: string, has: (...r: RoleT[]) => boolean, regionsOnly: string[] | null): void {
  const own = { tenantId };
  can('read', 'WarrantyCatalogue', own);
  if (has(Role.OEM_ADMIN)) can(['create', 'update'], 'WarrantyCatalogue', own);
  const filed = { manufacturerId: tenantId, status: { $ne: 'DRAFT' } };
  if (regionsOnly) can('read', 'WarrantyClaim', { ...filed, region: { $in: regionsOnly } });
  else can('read', 'WarrantyClaim', filed);
  if (has(Role.WARRANTY_REVIEWER)) can('review', 'WarrantyClaim', { manufacturerId: tenantId });
  if (has(Role.WARRANTY_REVIEWER, Role.QUALITY_ENGINEER)) {
    can('receive', 'WarrantyClaim', { manufacturerId: tenantId });
    can('raise', 'RecoveryClaim', own);
  }
  if (has(Role.WARRANTY_REVIEWER, Role.OEM_ADMIN)) {
    can('credit', 'WarrantyClaim', { manufacturerId: tenantId });
    can('create', 'SettlementBatch', own);
  }
  if (!regionsOnly) {
    can('read', 'SettlementBatch', own);
    can('read', 'RecoveryClaim', own);
  }
  if (has(Role.WARRANTY_REVIEWER, Role.OEM_ADMIN, Role.QUALITY_ENGINEER)) can('settle', 'RecoveryClaim', own);
  // claim evidence the dealers shared, and suppliers' dispute evidence
  can('read', 'Attachment', { sharedWithTenantId: tenantId });
  // complaints of its dealers that reached it (product quality, or escalated to it); the quality
  // engineers record root cause and responsibility, the dealer keeps handling the customer
  if (has(Role.QUALITY_ENGINEER, Role.OEM_ADMIN, Role.ANALYST, Role.NETWORK_MANAGER)) {
    if (regionsOnly) can('read', 'Complaint', { manufacturerId: tenantId, region: { $in: regionsOnly } });
    else can('read', 'Complaint', { manufacturerId: tenantId });
  }
  if (has(Role.QUALITY_ENGINEER)) can('review', 'Complaint', { manufacturerId: tenantId });
}

/**
 * Parts (domain.md §5). The parts staff of a tenant keep its stock and buy: a dealer's or shop's
 * parts clerk and service admin, the manufacturer's parts manager and admin. Sellers fulfil the
 * orders placed with them — the manufacturer's depot (parts manager, admin) and a supplier's order
 * desk and admin — and keep their catalogue; a seller never sees a buyer's drafts. Every staff
 * member of a workshop reads stock and the orders (a repair waits for them).
 */
function defineParts(can: Can, tenantId: string, tenantKind: TenantKind, has: (...r: RoleT[]) => boolean): void {
  const own = { tenantId };
  const buyerStaff = isServiceProvider(tenantKind)
    ? has(Role.PARTS_CLERK, Role.SERVICE_ADMIN)
    : tenantKind === TenantKind.MANUFACTURER && has(Role.PARTS_MANAGER, Role.OEM_ADMIN);
  const sellerStaff =
    tenantKind === TenantKind.PARTS_SUPPLIER
      ? has(Role.ORDER_DESK, Role.SUPPLIER_ADMIN)
      : tenantKind === TenantKind.MANUFACTURER && has(Role.PARTS_MANAGER, Role.OEM_ADMIN);
  if (isServiceProvider(tenantKind)) {
    can('read', ['PartsOrder', 'StockItem'], own);
    can('read', 'CataloguePart');
  }
  if (buyerStaff) {
    can(['read', 'create', 'update', 'submit', 'cancel', 'receive'], 'PartsOrder', own);
    // photos of a receiving discrepancy (shared with the seller)
    can(['read', 'create'], 'Attachment', { ...own, ownerType: 'PartsDiscrepancy' });
    can(['read', 'update'], 'StockItem', own);
    can('read', 'CataloguePart');
  }
  if (sellerStaff) {
    can('read', 'PartsOrder', { sellerId: tenantId, status: { $ne: 'DRAFT' } });
    can('read', 'Attachment', { sharedWithTenantId: tenantId, ownerType: 'PartsDiscrepancy' });
    can('fulfil', 'PartsOrder', { sellerId: tenantId });
    can(['read', 'create', 'update'], 'CataloguePart', own);
    can(['read', 'update'], 'StockItem', own);
  }
}

/**
 * Service contracts (domain.md §6). A provider (dealer, shop, or the manufacturer itself) keeps its
 * contracts, its working calendar and the fault reports against them: the admin writes and
 * activates contracts and keeps the calendar; the desk (advisors, care, the workshop controller —
 * at the manufacturer its admin and quality engineers) handles requests; every staff member reads
 * them. The manufacturer reads its dealers' contracts on its products and their requests and
 * breaches (a regional manager those of its regions).
 */
function defineServiceContracts(can: Can, tenantId: string, tenantKind: TenantKind, has: (...r: RoleT[]) => boolean, regionsOnly: string[] | null): void {
  const own = { tenantId };
  const provider = isServiceProvider(tenantKind);
  const manufacturer = tenantKind === TenantKind.MANUFACTURER;
  if (!provider && !manufacturer) return;
  const admin = has(provider ? Role.SERVICE_ADMIN : Role.OEM_ADMIN);
  const desk = provider
    ? has(Role.SERVICE_ADMIN, Role.SERVICE_ADVISOR, Role.CUSTOMER_CARE, Role.WORKSHOP_CONTROLLER)
    : has(Role.OEM_ADMIN, Role.QUALITY_ENGINEER);
  // the desk, the controller and the cashier (who settles contract lines) read contracts; the
  // technicians (engineers on the road) read the fault reports they are sent to
  if (
    provider
      ? has(Role.SERVICE_ADMIN, Role.SERVICE_ADVISOR, Role.CUSTOMER_CARE, Role.WORKSHOP_CONTROLLER, Role.CASHIER)
      : has(Role.OEM_ADMIN, Role.QUALITY_ENGINEER, Role.ANALYST)
  ) {
    can('read', ['ServiceContract', 'ServiceRequest', 'WorkingCalendar'], own);
  }
  if (provider && has(Role.TECHNICIAN)) can('read', ['ServiceRequest', 'WorkingCalendar'], own);
  if (admin) {
    can(['create', 'update', 'approve', 'cancel'], 'ServiceContract', own);
    can('update', 'WorkingCalendar', own);
  }
  if (desk) can(['create', 'answer', 'record', 'cancel'], 'ServiceRequest', own);
  if (manufacturer && has(Role.OEM_ADMIN, Role.QUALITY_ENGINEER, Role.ANALYST, Role.NETWORK_MANAGER)) {
    const theirs = regionsOnly ? { manufacturerId: tenantId, region: { $in: regionsOnly } } : { manufacturerId: tenantId };
    can('read', ['ServiceContract', 'ServiceRequest'], theirs);
  }
}

/**
 * Turns the ability's rules for (action, subject) into a query condition for the ORM
 * (Mongo-style, which MikroORM's FilterQuery understands). Returns `null` when the actor may
 * see none of them, so callers return an empty list without asking the database.
 */
export function accessibleWhere(ability: AppAbility, action: Action, subjectName: Exclude<SubjectName, 'all'>): Record<string, unknown> | null {
  const rules = ability.rulesFor(action, subjectName);
  if (rules.some((r) => r.inverted)) {
    // No `cannot` rules are defined; refuse rather than silently widen a query.
    throw new Error(`accessibleWhere does not support inverted rules (${action} ${subjectName})`);
  }
  if (rules.length === 0) return null;
  if (rules.some((r) => !r.conditions)) return {};
  return { $or: rules.map((r) => r.conditions as Record<string, unknown>) };
}

/** Names of the areas the portal shows, derived from the ability (one source of truth). */
export function navigationFor(actor: Actor, ability: AppAbility = defineAbilityFor(actor)): string[] {
  if (actor.type === 'anonymous' || actor.type === 'customer' || actor.type === 'contractHolder') return [];
  if (actor.type === 'platform') return ['tenants'];
  const areas = ['home'];
  if (ability.can('read', 'RepairOrder')) areas.push('workshop', 'appointments', 'customers');
  // the technician's job list; the on-site dispatch board for who plans engineer trips
  if (ability.can('work', 'RepairOrderLine')) areas.push('jobs');
  if (ability.can('dispatch', 'Visit')) areas.push('dispatch');
  if (ability.can('read', 'FollowUp')) areas.push('follow-ups');
  // warranty: the dealer's claims, the manufacturer's review queue, settlements, recoveries
  if (ability.can('read', 'WarrantyClaim')) areas.push('claims');
  if (ability.can('ship', 'WarrantyClaim') || ability.can('receive', 'WarrantyClaim')) areas.push('returns');
  if (ability.can('read', 'SettlementBatch')) areas.push('settlements');
  if (ability.can('read', 'RecoveryClaim')) areas.push('recoveries');
  // parts: who orders them (a buyer's parts staff) or fills orders (a seller's order desk)
  if (ability.can('create', 'PartsOrder') || ability.can('fulfil', 'PartsOrder')) areas.push('parts');
  if (ability.can('read', 'Complaint')) areas.push('complaints');
  // service contracts and the fault reports against them (the SLA board)
  if (ability.can('read', 'ServiceContract')) areas.push('contracts');
  if (ability.can('read', 'ServiceRequest')) areas.push('service-requests');
  if (ability.can('read', 'Figure')) areas.push('figures');
  if (ability.can('read', 'Warning')) areas.push('supervision');
  areas.push('network');
  if (ability.can('invite', 'User')) areas.push('users');
  if (ability.can('read', 'AuditEntry')) areas.push('audit');
  return areas;
}
