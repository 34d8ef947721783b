import pg from 'pg';
import type { Actor } from '@asn/authz';
import { DEFAULT_TIME_ZONE, RelationshipKind, addMonths, Role, TenantKind, uuidv7, type Role as RoleT, type TenantKind as TenantKindT } from '@asn/domain';
import { createCtx, type AppServices, type Principal } from '../platform/context.js';
import { hashPassword } from '../platform/auth/tokens.js';
import { createTenant } from '../modules/tenants/tenant.service.js';
import { inviteUser } from '../modules/users/user.service.js';
import { createRelationship, type CreateRelationshipData } from '../modules/relationships/relationship.service.js';
import {
  createCampaign,
  createLabourOperation,
  createOemPart,
  createVehicleModel,
  createWarrantyPolicy,
  registerWarranty,
} from '../modules/warranty-catalogue/catalogue.service.js';
import { createClaim, submitClaim } from '../modules/warranty-claims/claim.service.js';
import { localDay } from '../platform/clock.js';
import { uploadAttachment } from '../modules/attachments/attachment.service.js';
import { DEMO_FAILURE_PHOTO_JPEG } from './demo-photo.js';
import { seedParts } from './demo-parts.js';
import { seedComplaints } from './demo-complaints.js';
import { seedContracts } from './demo-contracts.js';
import { writeNetworkHistory } from './network-history.js';
import { seedSupervision } from './supervision-demo.js';

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
  [
    'OEM-HY',
    {
      kind: RelationshipKind.DEALER_AUTHORIZATION,
      counterpartyCode: 'DLR-E1',
      dealerCode: 'HY-E001',
      region: '华东',
      brands: ['华岳装载机', '华岳重卡'],
      warrantyLabourRateMinor: '12000',
      currency: 'CNY',
    },
  ],
  [
    'OEM-HY',
    {
      kind: RelationshipKind.DEALER_AUTHORIZATION,
      counterpartyCode: 'DLR-E2',
      dealerCode: 'HY-E002',
      region: '华东',
      brands: ['华岳装载机'],
      warrantyLabourRateMinor: '11000',
      currency: 'CNY',
    },
  ],
  [
    'OEM-HY',
    {
      kind: RelationshipKind.DEALER_AUTHORIZATION,
      counterpartyCode: 'DLR-N1',
      dealerCode: 'HY-N001',
      region: '华北',
      brands: ['华岳装载机', '华岳重卡'],
      warrantyLabourRateMinor: '10000',
      currency: 'CNY',
    },
  ],
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
    const [found] = (await client.query<{ id: string }>('select id from users where email = $1', [email])).rows;
    if (found) return found.id;
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
export async function seedDemo(
  services: AppServices,
  ownerUrl: string,
  log: (line: string) => void = () => {},
  opts: { history?: boolean } = {},
): Promise<boolean> {
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
  await seedWarranty(services, actors);
  log('  seeded the warranty catalogue (models, policy, labour operations, parts, 9 registrations, a recall) and a claim under review');
  const { as, tenantOf } = seeders(services, actors);
  await seedParts(as, tenantOf);
  log('  seeded parts catalogues (the depot and a supplier), stock, and an order waiting at the supplier');
  await seedComplaints(as);
  log('  seeded three complaints about 华东一店 (one about product quality, at the manufacturer too)');
  await seedContracts(as);
  log('  seeded 华东一店’s working calendar and a full-service contract with a coal yard for its loader');
  if (opts.history) {
    const orders = await seedHistory(services, ownerUrl, tenantOf);
    log(`  seeded 13 months of history for the three dealers (${orders} delivered repair orders, claims, complaints, follow-ups) and their figures`);
    await seedSupervision(as, tenantOf);
    log('  seeded 华东一店’s supervision: a warning about follow-up calls with its cure reported, and an active improvement plan with an overdue action');
  }
  return true;
}

/**
 * The three authorised dealers' past 13 months (to yesterday, Shanghai), so the network figures
 * have a history: 3 orders a day each, with claims (some rejected), complaints and follow-ups, and
 * 2 parts orders a day each with 精工液压 (SUP-HYD), so its parts figures have one too.
 */
async function seedHistory(services: AppServices, ownerUrl: string, tenantOf: (code: string) => string): Promise<number> {
  const today = localDay(services.clock.now(), DEFAULT_TIME_ZONE);
  const from = addMonths(`${today.slice(0, 7)}-01`, -13);
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  const oem = tenantOf('OEM-HY');
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { orders } = await writeNetworkHistory(services, owner, {
      dealers: [
        { id: tenantOf('DLR-E1'), manufacturerId: oem, region: '华东', brands: ['华岳装载机', '华岳重卡'] },
        { id: tenantOf('DLR-E2'), manufacturerId: oem, region: '华东', brands: ['华岳装载机'] },
        { id: tenantOf('DLR-N1'), manufacturerId: oem, region: '华北', brands: ['华岳装载机', '华岳重卡'] },
      ],
      from,
      days,
      ordersPerDay: 3,
      // their parts orders with 精工液压 (a supply agreement with the manufacturer): its parts figures
      supplierId: tenantOf('SUP-HYD'),
      partsOrdersPerDay: 2,
    });
    return orders;
  } finally {
    await owner.end();
  }
}

/** Acting as a demo tenant's admin (the seed), and a demo tenant's id, by tenant code. */
function seeders(services: AppServices, actors: Map<string, Actor>) {
  const as = (code: string) => {
    const actor = actors.get(code)!;
    return createCtx(services, actor, systemPrincipal(actor.type === 'member' ? actor.userId : '', 'demo seed'));
  };
  const tenantOf = (code: string) => {
    const a = actors.get(code)!;
    return a.type === 'member' ? a.tenantId : '';
  };
  return { as, tenantOf };
}

/** The manufacturer's warranty master data, and one claim of 华东一店 waiting for review. */
async function seedWarranty(services: AppServices, actors: Map<string, Actor>): Promise<void> {
  const { as, tenantOf } = seeders(services, actors);
  const oem = as('OEM-HY');
  await createVehicleModel(oem, { brand: '华岳装载机', code: 'ZL50', name: 'ZL50 轮式装载机', category: 'LOADER', usageUnit: 'HOURS' });
  await createVehicleModel(oem, { brand: '华岳重卡', code: 'HT-6', name: 'HT-6 牵引车', category: 'TRUCK', usageUnit: 'KM' });
  await createWarrantyPolicy(oem, {
    code: 'HY-STD',
    name: '华岳标准保修（整机 24 个月/4000 小时，液压 36 个月/6000 小时）',
    terms: [
      { months: 24, meterLimit: 4000 },
      { componentGroup: 'HYDRAULICS', months: 36, meterLimit: 6000 },
    ],
    exclusions: ['WEAR_PARTS'],
    filingDeadlineDays: 30,
    duplicateWindowDays: 90,
    sanbaoThreshold: 3,
    autoApproveLimitMinor: '50000',
    preAuthorizationLimitMinor: '5000000',
    requiredEvidence: ['FAILURE_PHOTO'],
    reviewTargetHours: 24,
    partsReturnRequired: true,
  });
  await createLabourOperation(oem, {
    code: 'HY-0301',
    descriptionZh: '更换液压主泵',
    descriptionEn: 'Replace main hydraulic pump',
    standardHoursMilli: 3500,
    componentGroup: 'HYDRAULICS',
    requiredEvidence: ['DIAGNOSIS_REPORT'],
  });
  await createLabourOperation(oem, {
    code: 'EL-0101',
    descriptionZh: '更换发电机',
    descriptionEn: 'Replace alternator',
    standardHoursMilli: 1000,
    componentGroup: 'ELECTRICAL',
  });
  await createLabourOperation(oem, {
    code: 'GEN-0001',
    descriptionZh: '检查调整',
    descriptionEn: 'Inspect and adjust',
    standardHoursMilli: 500,
    componentGroup: 'GENERAL',
  });
  await createOemPart(oem, { partNumber: 'HP-200', name: '液压主泵', componentGroup: 'HYDRAULICS', listPriceMinor: '680000', supplierId: tenantOf('SUP-HYD') });
  await createOemPart(oem, { partNumber: 'ALT-12', name: '发电机', componentGroup: 'ELECTRICAL', listPriceMinor: '120000', supplierId: tenantOf('SUP-ELEC') });
  await createOemPart(oem, { partNumber: 'FLT-10', name: '液压滤芯', componentGroup: 'WEAR_PARTS', listPriceMinor: '5000' });
  for (let i = 1; i <= 9; i++)
    await registerWarranty(oem, {
      vin: `HYDEMO0000${i}`,
      modelCode: 'ZL50',
      policyCode: 'HY-STD',
      saleDate: '2026-03-01',
      sellingDealerId: tenantOf('DLR-E1'),
    });
  await createCampaign(oem, {
    code: 'RC-2026-01',
    kind: 'RECALL',
    title: '动臂油缸密封件召回',
    labourOperationCode: 'GEN-0001',
    opensOn: '2026-10-01',
    vins: ['HYDEMO00008', 'HYDEMO00009'],
  });
  // 华东一店 files a claim for a failed alternator; it waits for the reviewer
  const dealer = as('DLR-E1');
  const claim = await createClaim(dealer, {
    manufacturerId: tenantOf('OEM-HY'),
    type: 'STANDARD',
    vin: 'HYDEMO00001',
    meter: 1260,
    repairDate: localDay(services.clock.now(), DEFAULT_TIME_ZONE), // the demo tenants keep the default zone
    complaint: '仪表充电指示灯常亮，蓄电池亏电',
    cause: '发电机整流器烧蚀，不发电',
    correction: '更换发电机总成，试车充电正常',
    causalPartNumber: 'ALT-12',
    lines: [
      { kind: 'LABOUR', operationCode: 'EL-0101', hours: '1.5' },
      { kind: 'PART', partNumber: 'ALT-12' },
    ],
  });
  await uploadAttachment(dealer, {
    ownerType: 'WarrantyClaim',
    ownerId: claim.id,
    fileName: '发电机故障.jpg',
    contentType: 'image/jpeg',
    contentBase64: DEMO_FAILURE_PHOTO_JPEG.toString('base64'), // a real photo-like JPEG that decodes (demo-photo.ts)
    evidenceKind: 'FAILURE_PHOTO',
  });
  await submitClaim(dealer, { id: claim.id, version: claim.version });
}
