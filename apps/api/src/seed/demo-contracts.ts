import type { Ctx } from '../platform/context.js';
import { createCustomer } from '../modules/customers/customer.service.js';
import { saveCalendar } from '../modules/service-contracts/calendar.service.js';
import { createContract, stepContract } from '../modules/service-contracts/contract.service.js';

/**
 * The demo's service contract at 华东一店: its working calendar (09:00–12:00, 13:00–18:00 on
 * weekdays, New Year's Day off), and an active full-service contract with a coal yard for its
 * loader — seed 003's SLA, two visits, quarterly inspections with a report in 3 working days, a
 * hydraulic component group and one training session. The request board opens with a contract to
 * report against (the staff create the customer's link on the contract page).
 */
export async function seedContracts(as: (code: string) => Ctx): Promise<void> {
  const dealer = as('DLR-E1');
  await saveCalendar(dealer, {
    week: [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      spans: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
    })),
    days: [{ date: '2027-01-01', kind: 'HOLIDAY', name: '元旦' }],
  });
  const customer = await createCustomer(dealer, {
    name: '唐山港煤炭物流有限公司',
    phone: '13812340050',
    vehicles: [{ vin: 'HYZL50C2026000050', brand: '华岳装载机', model: 'ZL50C', usageUnit: 'HOURS' }],
  });
  const contract = await createContract(dealer, {
    customerId: customer.id,
    type: 'FULL_SERVICE',
    title: 'ZL50C 装载机全保服务（煤场）',
    startsOn: '2026-11-01',
    endsOn: '2027-10-31',
    price: { amountMinor: '3600000', currency: 'CNY' },
    slaBasis: 'WORKING_TIME',
    vins: ['HYZL50C2026000050'],
    entitlements: [
      { kind: 'COMPONENT_GROUP', code: 'HY', label: '液压系统维修', quantity: null },
      { kind: 'OPERATION', code: 'EN-0101', label: '发动机保养', quantity: 4 },
      { kind: 'VISIT', label: '上门服务', quantity: 6 },
      { kind: 'INSPECTION', label: '季度巡检', quantity: 4, reportDays: 3 },
      { kind: 'TRAINING', label: '操作手培训', quantity: 1 },
    ],
    notes: '煤场 7×24 生产，重大故障优先。',
  });
  await stepContract(dealer, { id: contract.id, version: contract.version, event: 'ACTIVATE' });
}
