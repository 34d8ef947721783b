import pg from 'pg';
import type { Actor } from '@asn/authz';
import { RelationshipKind, Role, TenantKind, uuidv7, type Role as RoleT, type TenantKind as TenantKindT } from '@asn/domain';
import { createCtx, type AppServices, type Principal } from '../platform/context.js';
import { hashPassword } from '../platform/auth/tokens.js';
import { createTenant } from '../modules/tenants/tenant.service.js';
import { inviteUser } from '../modules/users/user.service.js';
import { createRelationship, type CreateRelationshipData } from '../modules/relationships/relationship.service.js';

export const DEMO_PASSWORD = 'demo-pass-2026';
export const PLATFORM_ADMIN_EMAIL = 'platform@asn.demo';

export interface DemoUser {
  email: string;
  password: string;
  displayName: string;
  roles: RoleT[];
  tenantCode: string | null;
  tenantKind: TenantKindT | null;
}

interface DemoTenant {
  code: string;
  kind: TenantKindT;
  name: string;
  /** [email, display name, roles, regions?]; the first is the tenant's admin. */
  users: [string, string, RoleT[], string[]?][];
}

/** The demo network: a loader/truck maker, three 4S dealers in two regions, a shop, two suppliers. */
export const DEMO_TENANTS: DemoTenant[] = [
  {
    code: 'OEM-HY',
    kind: TenantKind.MANUFACTURER,
    name: '华岳重工 售后服务部',
    users: [
      ['admin@oem.demo', '周海峰', [Role.OEM_ADMIN]],
      ['reviewer@oem.demo', '钱敏（索赔审核）', [Role.WARRANTY_REVIEWER]],
      ['parts@oem.demo', '孙立（备件经理）', [Role.PARTS_MANAGER]],
      ['quality@oem.demo', '李静（质量工程师）', [Role.QUALITY_ENGINEER]],
      ['network@oem.demo', '吴刚（华东区域经理）', [Role.NETWORK_MANAGER], ['华东']],
      ['analyst@oem.demo', '郑雪（数据分析）', [Role.ANALYST]],
    ],
  },
  {
    code: 'DLR-E1',
    kind: TenantKind.DEALER_4S,
    name: '华东一店（上海）',
    users: [
      ['admin@dealer-east.demo', '王建国（业务主管）', [Role.SERVICE_ADMIN]],
      ['advisor@dealer-east.demo', '陈晓（业务接待）', [Role.SERVICE_ADVISOR]],
      ['controller@dealer-east.demo', '刘强（车间调度）', [Role.WORKSHOP_CONTROLLER]],
      ['tech@dealer-east.demo', '赵师傅（维修技师）', [Role.TECHNICIAN]],
      ['inspector@dealer-east.demo', '黄检（检验员）', [Role.INSPECTOR]],
      ['parts@dealer-east.demo', '林峰（配件员）', [Role.PARTS_CLERK]],
      ['warranty@dealer-east.demo', '何芳（索赔员）', [Role.WARRANTY_CLERK]],
      ['cashier@dealer-east.demo', '马丽（结算员）', [Role.CASHIER]],
      ['care@dealer-east.demo', '徐婷（回访专员）', [Role.CUSTOMER_CARE]],
    ],
  },
  {
    code: 'DLR-E2',
    kind: TenantKind.DEALER_4S,
    name: '华东二店（杭州）',
    users: [
      ['admin@dealer-east2.demo', '郭涛（业务主管）', [Role.SERVICE_ADMIN]],
      ['advisor@dealer-east2.demo', '杨帆（业务接待）', [Role.SERVICE_ADVISOR]],
    ],
  },
  {
    code: 'DLR-N1',
    kind: TenantKind.DEALER_4S,
    name: '华北一店（太原）',
    users: [
      ['admin@dealer-north.demo', '高伟（业务主管）', [Role.SERVICE_ADMIN]],
      ['advisor@dealer-north.demo', '田甜（业务接待）', [Role.SERVICE_ADVISOR]],
    ],
  },
  {
    code: 'SHOP-1',
    kind: TenantKind.INDEPENDENT_SHOP,
    name: '速修汽修（苏州）',
    users: [
      ['admin@shop.demo', '蒋红（店长）', [Role.SERVICE_ADMIN]],
      ['tech@shop.demo', '沈师傅（维修技师）', [Role.TECHNICIAN]],
    ],
  },
  {
    code: 'SUP-HYD',
    kind: TenantKind.PARTS_SUPPLIER,
    name: '精工液压有限公司',
    users: [
      ['admin@sup-hyd.demo', '韩磊（供应商管理员）', [Role.SUPPLIER_ADMIN]],
      ['orders@sup-hyd.demo', '冯雪（订单处理）', [Role.ORDER_DESK]],
      ['quality@sup-hyd.demo', '邓超（供应商质量）', [Role.SUPPLIER_QUALITY]],
    ],
  },
  {
    code: 'SUP-ELEC',
    kind: TenantKind.PARTS_SUPPLIER,
    name: '博远电气股份有限公司',
    users: [['admin@sup-elec.demo', '曹阳（供应商管理员）', [Role.SUPPLIER_ADMIN]]],
  },
];

const RELATIONSHIPS: [from: string, data: Omit<CreateRelationshipData, 'validFrom'>][] = [
  ['OEM-HY', { kind: RelationshipKind.DEALER_AUTHORIZATION, counterpartyCode: 'DLR-E1', dealerCode: 'HY-E001', region: '华东', brands: ['华岳装载机', '华岳重卡'], warrantyLabourRateMinor: '12000', currency: 'CNY' }],
  ['OEM-HY', { kind: RelationshipKind.DEALER_AUTHORIZATION, counterpartyCode: 'DLR-E2', dealerCode: 'HY-E002', region: '华东', brands: ['华岳装载机'], warrantyLabourRateMinor: '11000', currency: 'CNY' }],
  ['OEM-HY', { kind: RelationshipKind.DEALER_AUTHORIZATION, counterpartyCode: 'DLR-N1', dealerCode: 'HY-N001', region: '华北', brands: ['华岳装载机', '华岳重卡'], warrantyLabourRateMinor: '10000', currency: 'CNY' }],
  ['OEM-HY', { kind: RelationshipKind.SUPPLY_AGREEMENT, counterpartyCode: 'SUP-HYD', partsSupplied: ['液压系统', '工作装置'], recoveryShareBasisPoints: 8000 }],
  ['OEM-HY', { kind: RelationshipKind.SUPPLY_AGREEMENT, counterpartyCode: 'SUP-ELEC', partsSupplied: ['电气系统'], recoveryShareBasisPoints: 7000 }],
  ['DLR-E1', { kind: RelationshipKind.TRADE_ACCOUNT, counterpartyCode: 'SUP-HYD', partsSupplied: ['液压系统'] }],
  ['SHOP-1', { kind: RelationshipKind.TRADE_ACCOUNT, counterpartyCode: 'SUP-ELEC', partsSupplied: ['电气系统'] }],
];

export function demoUsers(): DemoUser[] {
  return [
    { email: PLATFORM_ADMIN_EMAIL, password: DEMO_PASSWORD, displayName: '平台运营', roles: [], tenantCode: null, tenantKind: null },
    ...DEMO_TENANTS.flatMap((t) =>
      t.users.map(([email, displayName, roles]) => ({ email, password: DEMO_PASSWORD, displayName, roles, tenantCode: t.code, tenantKind: t.kind })),
    ),
  ];
}

/** Creates the platform operator account (there is no API for that) with the owner connection. */
export async function ensurePlatformAdmin(ownerUrl: string, email = PLATFORM_ADMIN_EMAIL, password = DEMO_PASSWORD): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const found = await client.query('select id from users where email = $1', [email]);
    if (found.rows[0]) return found.rows[0].id as string;
    const id = uuidv7();
    await client.query(
      `insert into users (id, tenant_id, email, password_hash, display_name, roles, is_platform_admin)
       values ($1, null, $2, $3, '平台运营', '{}', true)`,
      [id, email, await hashPassword(password)],
    );
    return id;
  } finally {
    await client.end();
  }
}

function systemPrincipal(userId: string, name: string): Principal {
  return {
    sessionId: '00000000-0000-7000-8000-000000000000',
    userId,
    email: 'seed@asn.demo',
    displayName: name,
    locale: 'zh-CN',
    tenantName: null,
    roles: [],
    regions: [],
    createdAt: new Date(),
    version: 1,
  };
}

/**
 * Seeds the demo network through the same services the API uses (so the audit log shows how it
 * came to be). Does nothing when the manufacturer already exists.
 */
export async function seedDemo(services: AppServices, ownerUrl: string, log: (line: string) => void = () => {}): Promise<boolean> {
  const platformUserId = await ensurePlatformAdmin(ownerUrl);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const exists = await owner.query(`select 1 from tenants where code = 'OEM-HY'`);
    if (exists.rowCount) return false;
  } finally {
    await owner.end();
  }
  const platformCtx = createCtx(services, { type: 'platform', userId: platformUserId }, systemPrincipal(platformUserId, '平台运营 (demo seed)'));
  const actors = new Map<string, Actor>();
  for (const t of DEMO_TENANTS) {
    const [adminEmail, adminName, adminRoles] = t.users[0]!;
    const { tenant, admin } = await createTenant(platformCtx, {
      kind: t.kind,
      name: t.name,
      code: t.code,
      adminEmail,
      adminDisplayName: adminName,
      adminPassword: DEMO_PASSWORD,
    });
    const actor: Actor = { type: 'member', userId: admin.id, tenantId: tenant.id, tenantKind: t.kind, roles: adminRoles };
    actors.set(t.code, actor);
    const ctx = createCtx(services, actor, systemPrincipal(admin.id, adminName));
    for (const [email, displayName, roles, regions] of t.users.slice(1)) {
      await inviteUser(ctx, { email, displayName, roles, regions: regions ?? [], initialPassword: DEMO_PASSWORD });
    }
    log(`  seeded ${t.code} ${t.name} (${t.users.length} users)`);
  }
  for (const [fromCode, data] of RELATIONSHIPS) {
    const actor = actors.get(fromCode)!;
    const ctx = createCtx(services, actor, systemPrincipal(actor.type === 'member' ? actor.userId : '', 'demo seed'));
    await createRelationship(ctx, { ...data, validFrom: '2026-01-01', validTo: '2028-12-31' });
  }
  log(`  seeded ${RELATIONSHIPS.length} network relationships`);
  return true;
}
