import { describe, expect, it } from 'vitest';
import {
  BOOKING_EVENTS,
  CLAIM_EVENTS,
  CONTRACT_EVENTS,
  SERVICE_REQUEST_EVENTS,
  FOLLOW_UP_EVENTS,
  PLAN_EVENTS,
  WARNING_EVENTS,
  PARTS_ORDER_EVENTS,
  RECOVERY_EVENTS,
  REPAIR_ORDER_EVENTS,
  VISIT_EVENTS,
} from '@asn/domain';
import { LANGS, translator } from '../src/lib/i18n';
import { actionName, actorText, auditChanges, codeName } from '../src/lib/i18n/codes';

/**
 * Every action an audit or timeline entry can carry: the document layer's `<prefix>.<EVENT>` for
 * each machine's events, its `created` / `<prefix>.<step>` records, and the API's own tx.record /
 * tx.audit actions (grep `action: '` in apps/api/src).
 */
const ACTIONS = [
  ...REPAIR_ORDER_EVENTS.map((e) => `repairOrder.${e}`),
  ...VISIT_EVENTS.map((e) => `visit.${e}`),
  ...CLAIM_EVENTS.map((e) => `warrantyClaim.${e}`),
  ...BOOKING_EVENTS.map((e) => `bookingRequest.${e}`),
  ...FOLLOW_UP_EVENTS.map((e) => `followUp.${e}`),
  ...RECOVERY_EVENTS.map((e) => `recoveryClaim.${e}`),
  ...PARTS_ORDER_EVENTS.map((e) => `partsOrder.${e}`),
  'partsOrder.created',
  'partsOrder.backorderFilled',
  'partsOrder.discrepancyAnswered',
  'partsOrder.emergencyPromiseBroken',
  'cataloguePart.created',
  'cataloguePart.updated',
  'cataloguePart.superseded',
  'cataloguePart.classified',
  'stock.adjusted',
  'stock.levelsSet',
  'repairOrder.created',
  'repairOrder.dispatched',
  'repairOrder.clockedOn',
  'repairOrder.clockedOff',
  'repairOrder.trackingLinkCreated',
  'repairOrder.trackingLinkRevoked',
  'repairOrder.chased',
  'repairOrder.rated',
  'repairOrder.surveyed',
  'repairOrder.appointmentReminderSent',
  'repairOrder.pickupNoticeSent',
  'repairOrder.progressCheckDue',
  'repairOrder.followUpDue',
  'repairOrder.partsReservationLapsed',
  'visit.scheduled',
  'warrantyClaim.created',
  'warrantyClaim.updated',
  'warrantyClaim.partsShipped',
  'warrantyClaim.partReceived',
  'warrantyClaim.partInspected',
  'warrantyClaim.chargedBack',
  'settlementBatch.created',
  'recoveryClaim.raised',
  'bookingRequest.received',
  'followUp.opened',
  'followUp.reassigned',
  'complaint.received',
  'complaint.ACKNOWLEDGE',
  'complaint.answerPromised',
  'complaint.INVESTIGATE',
  'complaint.rootCauseRecorded',
  'complaint.ESCALATE',
  'complaint.RESOLVE',
  'complaint.CLOSE',
  'complaint.REOPEN',
  'complaint.customerMessage',
  'complaint.qualityAssessed',
  'complaint.recoveryDone',
  'complaint.settingsChanged',
  ...CONTRACT_EVENTS.map((e) => `serviceContract.${e}`),
  ...['created', 'updated', 'renewed', 'renewedAs', 'linkCreated', 'inspectionRecorded', 'inspectionReported', 'expiryReminded', 'consumed'].map(
    (a) => `serviceContract.${a}`,
  ),
  ...SERVICE_REQUEST_EVENTS.map((e) => `serviceRequest.${e}`),
  ...['created', 'message', 'onSite', 'partsOnSite', 'severityChanged', 'slaWarning', 'slaBreached', 'repairOrderOpened'].map((a) => `serviceRequest.${a}`),
  'workingCalendar.saved',
  ...WARNING_EVENTS.map((e) => `warning.${e}`),
  'warning.created',
  ...PLAN_EVENTS.map((e) => `improvementPlan.${e}`),
  ...['created', 'checked', 'actionDone'].map((a) => `improvementPlan.${a}`),
  'vehicle.created',
  'vehicle.maintenanceReminderSent',
  'customer.created',
  'attachment.uploaded',
  'tenant.created',
  'user.invited',
  'user.rolesChanged',
  'user.activated',
  'user.deactivated',
  'user.passwordChanged',
  'user.signedIn',
  'user.signedOut',
  'relationship.created',
  'relationship.updated',
  'warranty.sanbaoEligible',
  ...['model', 'policy', 'registration', 'labourOperation', 'part', 'campaign'].map((w) => `warrantyCatalogue.${w}Created`),
];

const LATIN = /[A-Za-z]{2,}/;

describe('code names (codes.ts)', () => {
  it('names every action an audit or timeline entry can carry, in every language; zh never in Latin letters', () => {
    for (const lang of LANGS) {
      const t = translator(lang);
      const unnamed = ACTIONS.filter((a) => {
        const name = actionName(t, a);
        return name === t('codes.action.other') || name.includes(t('codes.verb.other', { doc: '' })) || name === a || (lang !== 'en' && LATIN.test(name));
      });
      expect(unnamed, `${lang}: ${unnamed.join(', ')}`).toEqual([]);
    }
  });

  it('an unknown code reads as a translated "other", never raw; a group the manufacturer named in words is kept', () => {
    const t = translator('zh-CN');
    expect(codeName(t, 'method', 'SYSTEM')).toBe('按系统估价');
    expect(codeName(t, 'group', 'HYDRAULICS')).toBe('液压系统');
    expect(codeName(t, 'group', 'SOMETHING_NEW')).toBe('其他部件组');
    expect(codeName(t, 'group', '动臂')).toBe('动臂');
    expect(codeName(t, 'channel', 'TRACKING_LINK')).toBe('客户（查询链接）');
    expect(codeName(t, 'entity', 'WarrantyClaim')).toBe('索赔单');
    expect(codeName(t, 'entity', 'Gadget')).toBe('其他记录');
    expect(actionName(t, 'repairOrder.SOMETHING_NEW')).toBe('工单：其他操作');
    expect(actionName(t, 'nonsense')).toBe('其他操作');
    expect(actorText(t, 'customer (tracking link)')).toBe('客户（查询链接）');
    expect(actorText(t, '陈晓（业务接待） (in the shop)')).toBe('陈晓（业务接待）（到店）');
    expect(actorText(t, 'system')).toBe('系统');
    expect(actorText(t, '王建国')).toBe('王建国');
  });

  it('an audit entry’s before / after: labelled fields, statuses by name, money as ¥, instants on the tenant’s clock, ids left out', () => {
    const t = translator('zh-CN');
    const changes = auditChanges(
      t,
      {
        entityType: 'RepairOrder',
        before: { status: 'ESTIMATED', technicianId: '0190a7a2-0000-7000-8000-000000000001', discountMinor: '0', promisedAt: null },
        after: { status: 'APPROVED', technicianId: '0190a7a2-0000-7000-8000-000000000001', discountMinor: '128000', promisedAt: '2026-11-25T09:00:00.000Z' },
      },
      { lang: 'zh-CN', timeZone: 'Asia/Shanghai' },
    );
    expect(changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['状态', '已估价', '客户已确认'],
      ['折扣', '¥0.00', '¥1,280.00'],
      ['承诺交车时间', '（无）', expect.stringContaining('17:00')],
    ]);
  });
});
