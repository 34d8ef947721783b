import { describe, expect, it } from 'vitest';
import { REASON_CODES, moneyParam, type ReasonCode, type ReasonParams } from '@asn/domain';
import { LANGS, translator } from '../src/lib/i18n';
import { fieldLabel, refusalText, statusName } from '../src/lib/i18n/refusal';

/** One example of every reason's parameters: the type makes it complete, the test below checks it at run time too. */
const SAMPLES: { [R in ReasonCode]: ReasonParams<R> } = {
  STALE_VERSION: { document: 'RepairOrder', number: 'RO-2026-000001', currentVersion: 4 },
  ACTION_NOT_ALLOWED: { document: 'WarrantyClaim', action: 'review' },
  WRONG_STATUS: { document: 'RepairOrder', number: 'RO-2026-000001', status: 'APPOINTED', event: 'DIAGNOSE', allowed: ['CHECK_IN', 'CANCEL'] },
  DOCUMENT_CLOSED: { document: 'RepairOrder', number: 'RO-2026-000001', status: 'DELIVERED' },
  ASSIGNED_TO_SOMEONE_ELSE: { document: 'FollowUp' },
  ROLE_REQUIRED: { role: 'SERVICE_ADMIN' },
  REQUIRED: { max: 40 },
  TOO_LONG: { max: 200 },
  TOO_SHORT: { min: 10 },
  NOT_AN_EMAIL: { value: 'wang@' },
  NOT_A_DATE: { value: '2026-02-30' },
  NOT_A_DATE_TIME: { value: 'morgen' },
  NOT_A_NUMBER: { value: '1,5', decimals: 3 },
  NOT_A_WHOLE_NUMBER: { value: '-1', min: 0, unit: 'KM_OR_HOURS' },
  NOT_POSITIVE: {},
  NOT_MINOR_UNITS: { value: '12.5' },
  OUT_OF_RANGE: { min: 1, max: 5, unit: 'STARS' },
  NOT_AN_ID: { value: 'x' },
  NOT_ONE_OF: { value: 'BUS', allowed: ['CAR', 'TRUCK'] },
  MUST_BE_FUTURE: {},
  MUST_NOT_BE_FUTURE: {},
  TOO_LONG_AGO: { days: 90 },
  NOT_BEFORE: { otherField: 'input.validFrom' },
  NOT_AFTER: { otherField: 'input.repairDate' },
  AT_LEAST_ONE: {},
  TOO_MANY: { max: 60 },
  GIVEN_TOGETHER: { otherField: 'input.latitude' },
  NOT_A_PHONE: { value: 'abc' },
  NOT_A_MOBILE: { value: '12345' },
  NOT_A_VIN: { value: 'X1', min: 6, max: 30 },
  NOT_A_PLATE: { value: '1234567890123' },
  NOT_A_CURRENCY: { value: 'yuan' },
  NOT_A_TIME_ZONE: { value: 'Mars/Base' },
  NOT_A_CODE: { value: 'A', min: 2, max: 40, dots: true },
  TEXT_NOT_STORABLE: {},
  NOT_A_CURSOR: {},
  UNKNOWN_CODE: { what: 'MODEL', code: 'ZL99' },
  CURRENCY_MISMATCH: { currencies: ['CNY', 'USD'] },
  DUPLICATE: { what: 'VIN', value: 'LSVAB12345' },
  REFERENCE_MISSING: { constraint: 'vehicles_customer_fk' },
  RULE_BROKEN: { constraint: null },
  ROLE_NOT_ALLOWED: { action: 'read', subject: 'AuditEntry' },
  IDEMPOTENCY_KEY_INVALID: {},
  IDEMPOTENCY_KEY_REUSED: { operation: 'createRepairOrder' },
  IDEMPOTENCY_KEY_BUSY: {},
  BODY_NOT_JSON: {},
  BODY_TOO_LARGE: { limitBytes: 1024 * 1024 },
  NOT_AN_UPLOAD: {},
  WRONG_CREDENTIALS: {},
  ACCOUNT_DEACTIVATED: {},
  TOO_MANY_ATTEMPTS: { retryAfterMinutes: 15 },
  WRONG_CURRENT_PASSWORD: {},
  LAST_ADMIN: { role: 'SERVICE_ADMIN' },
  CANNOT_DEACTIVATE_SELF: {},
  ROLE_NOT_FOR_TENANT_KIND: { roles: ['WARRANTY_REVIEWER'], tenantKind: 'DEALER_4S' },
  WRONG_PARTY_KIND: { kind: 'SUPPLY_AGREEMENT', side: 'TO', tenantKind: 'DEALER_4S' },
  OUTSIDE_YOUR_REGIONS: {},
  ONLY_GRANTOR_CHANGES: {},
  WRONG_PHONE_DIGITS: {},
  LINK_GONE: {},
  REPAIR_FINISHED: {},
  ALREADY_CHASED: {},
  NOT_DELIVERED_YET: {},
  FILE_REQUIRED: {},
  FILE_EMPTY: {},
  FILE_TOO_LARGE: { sizeBytes: 6 * 1024 * 1024, maxBytes: 5 * 1024 * 1024, fileName: 'brake.jpg' },
  FILE_TYPE_NOT_ACCEPTED: { accepted: ['JPEG', 'PNG', 'WebP'], detected: 'PDF' },
  FILE_TYPE_MISMATCH: { declared: 'image/jpeg', detected: 'PNG' },
  NOT_BASE64: {},
  FILE_ALREADY_ATTACHED: {},
  TOO_MANY_FILES: { max: 6, count: 6 },
  CANNOT_ATTACH_TO: { ownerType: 'Customer' },
  PHOTOS_ONLY_ON_ADDITIONAL_WORK: {},
  FILES_NOT_ACCEPTED_NOW: { document: 'WarrantyClaim', number: 'WC-2026-000001', status: 'CREDITED' },
  NOT_FOR_CUSTOMERS: {},
  EVIDENCE_KIND_REQUIRED: { kinds: ['FAILURE_PHOTO', 'METER_PHOTO'] },
  CURSOR_EXPIRED: { retentionHours: 48 },
  CURSOR_UNKNOWN: {},
  DEPOSIT_TOO_LOW: { minimum: moneyParam(500000n) },
  DISCOUNT_TOO_HIGH: { maximum: moneyParam(128000n) },
  SIGNATURE_REQUIRED: { sheet: 'CHECK_IN' },
  BELONGINGS_NOT_RETURNED: {},
  METER_BELOW_LAST: { last: 12000 },
  METER_NOT_ABOVE_LAST: { last: 12000 },
  ADDRESS_REQUIRED_ON_SITE: {},
  NOT_A_SLOT_START: { opensAt: '08:00', closesAt: '18:00', slotMinutes: 60 },
  PARTS_NEED_APPOINTMENT: {},
  VEHICLE_OF_OTHER_CUSTOMER: {},
  SLOT_FULL: { alternatives: ['2026-12-02T02:00:00.000Z', '2026-12-02T03:00:00.000Z'] },
  NO_SHOW_TOO_EARLY: { appointmentAt: '2026-12-02T02:00:00.000Z' },
  NOT_ACTIVE_STAFF: { role: 'TECHNICIAN' },
  TECHNICIAN_REQUIRED: { number: 'RO-2026-000001' },
  ONLY_LABOUR_CLOCKED: {},
  ONLY_APPROVED_WORK_CLOCKED: {},
  ALREADY_CLOCKED_ON: {},
  NOT_CLOCKED_ON: {},
  LINES_NOT_PENDING: { count: 2 },
  DECIDE_ALL_LINES: { pending: 3 },
  NOTHING_TO_DECIDE: {},
  NO_OPEN_CHASE: {},
  NOT_ON_SITE_JOB: {},
  CONFIRM_WITH_CUSTOMER: {},
  RANGE_TOO_LONG: { maxDays: 31 },
  TOO_FAR_AHEAD: { days: 30 },
  PLATE_OR_VIN_REQUIRED: {},
  TOO_MANY_OPEN_REQUESTS: { open: 3, provider: '东区4S店' },
  PROVIDER_BUSY: { provider: '东区4S店' },
  SEVERAL_CUSTOMERS_WITH_PHONE: {},
  VIN_NEEDED_FOR_VEHICLE: {},
  REQUESTED_TIME_PASSED: {},
  SATISFACTION_REQUIRED: {},
  ALREADY_RECORDED: {},
  NOT_AUTHORISED_BY_MANUFACTURER: {},
  NO_WARRANTY_LABOUR_RATE: {},
  NOT_A_LINE_OF_ORDER: { hasOrder: true },
  NOT_A_WARRANTY_LINE: { payType: 'CUSTOMER', kind: 'PART' },
  LINE_CLAIMED_TWICE: {},
  PART_PRICE_REQUIRED: { partNumber: 'HP-200' },
  ONLY_DRAFTS_EDITED: { number: 'WC-2026-000001', status: 'SUBMITTED' },
  NO_REPAIR_TO_CLAIM: { order: 'RO-2026-000001', status: 'CANCELLED' },
  ORDER_ALREADY_CLAIMED: { order: 'RO-2026-000001', claim: 'WC-2026-000001' },
  NO_WARRANTY_LINES: { order: 'RO-2026-000001' },
  NOT_A_PRE_AUTHORIZATION_OF_VIN: {},
  EVIDENCE_MISSING: { kinds: ['FAILURE_PHOTO', 'DIAGNOSIS_REPORT'], number: 'WC-2026-000001' },
  LINE_UNDECIDED: { position: 2 },
  LINE_NOT_ON_CLAIM: { lineId: '0190a7a2-0000-7000-8000-000000000001' },
  REASON_CODE_REQUIRED: {},
  APPROVED_AMOUNT_OUT_OF_RANGE: { claimed: moneyParam(50000n) },
  SECOND_APPEAL: { number: 'WC-2026-000001' },
  PARTS_ALREADY_SHIPPED: { number: 'WC-2026-000001' },
  NOT_A_TAG_CODE: { value: 'HY-E001-X' },
  NO_SUPPLIER_FOR_PART: { partNumber: 'HP-200' },
  INSPECTED_PART_NOT_ON_CLAIM: {},
  NOTHING_TO_CREDIT: {},
  SEVERAL_CURRENCIES: { currencies: ['CNY', 'USD'] },
  NOT_SUPPLIER_CAUSED: { partNumber: 'HP-200', claim: 'WC-2026-000001' },
  NO_RECOVERY_SHARE: {},
  ALREADY_RECOVERED: { claim: 'WC-2026-000001', recovery: 'RC-2026-000001' },
  DISPUTE_NEEDS_EVIDENCE: {},
  TERM_GIVEN_TWICE: { componentGroup: null },
  BASE_TERM_MISSING: {},
  NO_SUPPLY_AGREEMENT: {},
  SUPERSESSION_CYCLE: { partNumber: 'SEAL-6' },
  ANSWER_EXCEEDS_ORDERED: { ordered: 4 },
  REFUSAL_REASON_REQUIRED: { refused: 2 },
  NOT_A_LINE_OF_PARTS_ORDER: {},
  ANSWER_EVERY_LINE: { lines: 3 },
  STOCK_TOO_LOW: { partNumber: 'HP-100', available: 1 },
  PART_DISCONTINUED: { partNumber: 'HOSE-1' },
  SHIP_MORE_THAN_ALLOCATED: { partNumber: 'HP-100', allocated: 3 },
  NOTHING_TO_SHIP: {},
  NOT_BACKORDERED: { partNumber: 'SEAL-7' },
  ALREADY_RECEIVED: { shipment: 'PO-2026-000001-01' },
  RECEIVE_EVERY_LINE: { lines: 2 },
  PART_NUMBER_TWICE_IN_FILE: { partNumber: 'HP-100', firstLine: 2 },
  IMPORT_COLUMNS_MISSING: {},
  IMPORT_FILE_UNREADABLE: { format: 'XLSX' },
  IMPORT_TOO_MANY_ROWS: { max: 200000 },
  IMPORT_ALREADY_RUN: {},
  ESCALATED_TO_THE_TOP: { number: 'CP-2026-000001' },
  ROOT_CAUSE_FIRST: { number: 'CP-2026-000001' },
  COST_SPLIT_NOT_100: { total: 90 },
  NO_AUTHORISING_MANUFACTURER: {},
  SECOND_STEP_NOT_LATER: { first: 48 },
  ALREADY_RATED: {},
  CONTRACT_NOT_ACTIVE: { number: 'SC-2026-0001', status: 'SUSPENDED' },
  NO_ACTIVE_CONTRACT: { vin: 'HYDEMO00077' },
  NOT_COVERED: { code: 'ENG-OVERHAUL' },
  ENTITLEMENT_USED_UP: { code: 'INSP-Q', kind: 'INSPECTION', quantity: 4, used: 4 },
  NOT_A_TIME_OF_DAY: { value: '25:00' },
  SPANS_OVERLAP: { day: '2026-10-01' },
  SPAN_ENDS_BEFORE_START: { day: '2026-10-01' },
  DAY_GIVEN_TWICE: { day: '2026-10-01' },
  NO_WORKING_TIME: {},
  NOT_A_PENALTY: { number: 'WN-2026-000001' },
  WARNING_SECOND_APPEAL: { number: 'WN-2026-000001' },
  APPEAL_WINDOW_CLOSED: { number: 'WN-2026-000001', until: '2026-12-13' },
};

/** A sentence of English: three or more Latin words in a row (codes like RO-2026-000001 or ¥ amounts are no words). */
const ENGLISH = /[A-Za-z]{2,}[,.:;!?'’]*\s+[A-Za-z]{2,}[,.:;!?'’]*\s+[A-Za-z]{2,}/;

describe('refusals in the reader’s language', () => {
  it('every catalogued reason has a sample, and each renders in every language with all its parameters filled', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...REASON_CODES].sort());
    for (const lang of LANGS) {
      const t = translator(lang);
      for (const code of REASON_CODES) {
        const text = refusalText(t, { code: 'BAD_USER_INPUT', reason: code, params: SAMPLES[code] as Record<string, unknown> });
        expect(text, `${lang} ${code}`).not.toMatch(/[{}]/);
        expect(text, `${lang} ${code}`).not.toContain(code);
        expect(text.trim().length, `${lang} ${code}`).toBeGreaterThan(1);
        if (lang !== 'en') expect(text, `${lang} ${code}: ${text}`).not.toMatch(ENGLISH);
      }
    }
  });

  it('amounts are money, fields are labels, statuses and events come from the document’s tables', () => {
    const t = translator('zh-CN');
    expect(refusalText(t, { code: 'BAD_USER_INPUT', reason: 'DEPOSIT_TOO_LOW', params: { minimum: moneyParam(500000n) } })).toBe(
      '预订这些配件需预交定金至少 ¥5,000.00（配件价格的一半）。',
    );
    expect(refusalText(t, { code: 'BAD_USER_INPUT', problems: [{ field: 'input.lines.0.partNumber', reason: 'REQUIRED', params: { max: 40 } }] })).toBe(
      '第 1 行 配件号：必填',
    );
    expect(
      refusalText(t, {
        code: 'BAD_USER_INPUT',
        problems: [{ field: 'input.customerSigned', reason: 'SIGNATURE_REQUIRED', params: { sheet: 'CHECK_IN' } }, { field: 'input.vehicles[1].vin' }],
      }),
    ).toBe('客户签字：须由客户在接车单上签字；第 2 辆车 车架号：内容无效');
    expect(refusalText(t, { code: 'INVALID_TRANSITION', reason: 'WRONG_STATUS', params: SAMPLES.WRONG_STATUS as Record<string, unknown> })).toBe(
      '工单 RO-2026-000001 当前为“已预约”，不能执行“检测诊断”。当前可执行：接车、取消。',
    );
    expect(refusalText(t, { code: 'CONFLICT', reason: 'DUPLICATE', params: { what: 'VIN', value: 'LSVAB12345' } })).toBe(
      '车架号 LSVAB12345 已存在，不能重复登记。',
    );
    expect(statusName(t, 'WarrantyClaim', 'NEEDS_INFO')).toBe('待补充资料');
    expect(statusName(t, 'SomethingNew', 'LIMBO')).toBe('当前状态');
    expect(fieldLabel(t, 'input.someNewField')).toBe('填写内容');
    expect(fieldLabel(translator('en'), 'input.lines.2.unitPriceMinor')).toBe('Line 3 Unit price');
    expect(refusalText(translator('en'), { code: 'BAD_USER_INPUT', reason: 'DEPOSIT_TOO_LOW', params: { minimum: moneyParam(500000n) } })).toContain(
      '¥5,000.00',
    );
  });

  it('without a reason: the code’s own words, never the API’s message; older top-level details still count', () => {
    const t = translator('zh-CN');
    const apiSaid = { error: 'Repair order was not found.', code: 'NOT_FOUND' };
    expect(refusalText(t, apiSaid)).toBe('找不到该记录，或您无权查看。');
    expect(refusalText(t, { code: 'SOMETHING_NEW' })).toBe('操作未成功，请稍后再试。');
    expect(refusalText(t, { code: 'BAD_USER_INPUT', reason: 'A_REASON_FROM_A_NEWER_API' })).toBe('填写的内容有误，请检查后重试。');
    expect(refusalText(t, { code: 'RATE_LIMITED', reason: 'TOO_MANY_ATTEMPTS', retryAfterMinutes: 15 })).toBe('尝试次数过多，请 15 分钟后再试。');
    expect(
      refusalText(t, { code: 'BAD_USER_INPUT', reason: 'FILE_TOO_LARGE', params: { sizeBytes: null, maxBytes: 5 * 1024 * 1024 }, fileName: '刹车.jpg' }),
    ).toBe('文件“刹车.jpg”：文件过大（最多 5 MB）');
    expect(refusalText(t, { code: 'BAD_USER_INPUT', text: '里程须为整数' })).toBe('里程须为整数');
    const upload = {
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.contentBase64', reason: 'FILE_TYPE_NOT_ACCEPTED', params: { accepted: ['JPEG', 'PNG'], detected: null } }],
    };
    expect(refusalText(t, { ...upload, fileName: 'evil.jpg' })).toBe('文件“evil.jpg”：不支持此文件类型（可上传：JPEG、PNG）');
    expect(refusalText(t, upload)).toBe('文件：不支持此文件类型（可上传：JPEG、PNG）');
    expect(refusalText(translator('zh-TW'), { code: 'CONFLICT', reason: 'STALE_VERSION', params: SAMPLES.STALE_VERSION as Record<string, unknown> })).toBe(
      '工單 RO-2026-000001 已被他人修改，請重新整理頁面後再操作。',
    );
  });
});
