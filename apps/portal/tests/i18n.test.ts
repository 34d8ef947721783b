import { describe, expect, it } from 'vitest';
import { zhCN } from '../src/lib/i18n/zh-CN';
import { en } from '../src/lib/i18n/en';
import { zhTW } from '../src/lib/i18n/zh-TW';
import { formatMoney } from '../src/lib/i18n';
import { CLAIM_REASON_CODES, FIGURE_IDS, PAY_TYPES, REASON_CODES, REPAIR_ORDER_EVENTS, VISIT_EVENTS } from '@asn/domain';

describe('i18n', () => {
  it('every language has exactly the keys of zh-CN, none left empty or untranslated', () => {
    const keys = Object.keys(zhCN).sort();
    for (const dict of [en, zhTW]) {
      expect(Object.keys(dict).sort()).toEqual(keys);
      for (const v of Object.values(dict)) expect(v.trim()).not.toBe('');
    }
    const simplifiedOnly = /[这们说员务权与后术检调结质订时区项证书单总页网络设备维录]/;
    const leaks = Object.entries(zhTW).filter(([, v]) => simplifiedOnly.test(v));
    expect(leaks).toEqual([]);
  });

  it('every step a repair order’s timeline can show has a name (no raw action code on the order page)', () => {
    const actions = [
      ...REPAIR_ORDER_EVENTS.map((e) => `repairOrder.${e}`),
      ...VISIT_EVENTS.map((e) => `visit.${e}`),
      // the steps recorded outside the state machines (apps/api repair-orders, tracking, timers, visits, attachments)
      ...['created', 'dispatched', 'clockedOn', 'clockedOff', 'trackingLinkCreated', 'trackingLinkRevoked', 'chased', 'rated']
        .concat(['appointmentReminderSent', 'pickupNoticeSent', 'progressCheckDue', 'followUpDue', 'partsReservationLapsed'])
        .map((a) => `repairOrder.${a}`),
      'visit.scheduled',
      'attachment.uploaded',
    ];
    const missing = actions.filter((a) => !(`action.${a}` in zhCN));
    expect(missing).toEqual([]);
  });

  it('every catalogued reason of the API (packages/domain reasons.ts) is said in every language', () => {
    for (const [lang, dict] of [
      ['zh-CN', zhCN],
      ['en', en],
      ['zh-TW', zhTW],
    ] as const) {
      const missing = REASON_CODES.filter((code) => !((dict as Record<string, string>)[`reason.${code}`] ?? '').trim());
      expect(missing, lang).toEqual([]);
    }
  });

  it('every figure of the catalogue, and every key of its breakdowns, has a name in every language (指标看板: no raw id)', () => {
    for (const [lang, dict] of [
      ['zh-CN', zhCN],
      ['en', en],
      ['zh-TW', zhTW],
    ] as const) {
      const d = dict as Record<string, string>;
      const missing = [
        ...FIGURE_IDS.map((id) => `fig.id.${id}`),
        ...PAY_TYPES.map((p) => `pay.${p}`),
        ...CLAIM_REASON_CODES.map((c) => `claim.reason.${c}`),
      ].filter((k) => !(d[k] ?? '').trim());
      expect(missing, lang).toEqual([]);
    }
  });

  it('formats minor units without floating point', () => {
    expect(formatMoney('12000', 'CNY')).toBe('¥120.00');
    expect(formatMoney('123456789012345678', 'CNY')).toBe('¥1,234,567,890,123,456.78');
    expect(formatMoney('-5', 'USD')).toBe('-USD 0.05');
  });
});
