/** The lines of a repair order: labour and parts priced from input, and the order's totals by pay type. */
import { InputCheck, PAY_TYPES, lineAmountMinor, orderTotals, uuidv7, type OrderTotals, type PayType } from '@asn/domain';
import { RepairOrder, RepairOrderLine, type LineKind, type PartSource } from './repair-order.entity.js';
import { RepairLine } from './repair-order.document.js';
import { initialItem } from '../../platform/documents/index.js';

// ---------------------------------------------------------------------------------------------
// Lines

export interface LineData {
  kind: LineKind;
  description: string;
  operationCode?: string | null;
  hours?: string | null;
  rateMinor?: string | null;
  partNumber?: string | null;
  quantity?: string | null;
  unitPriceMinor?: string | null;
  source?: PartSource | null;
  payType: PayType;
}

export function buildLines(
  check: InputCheck,
  field: string,
  lines: readonly LineData[],
  tenantId: string,
  orderId: string,
  extra: Partial<RepairOrderLine>,
): RepairOrderLine[] {
  return lines.map((l, i) => {
    const f = `${field}[${i}]`;
    const description = check.required(`${f}.description`, l.description, 200);
    check.oneOf(`${f}.payType`, l.payType, PAY_TYPES);
    const line = Object.assign(new RepairOrderLine(), {
      id: uuidv7(),
      tenantId,
      repairOrderId: orderId,
      kind: l.kind,
      description,
      payType: l.payType,
      ...initialItem(RepairLine),
      ...extra,
    });
    if (l.kind === 'LABOUR') {
      const hoursMilli = check.milli(`${f}.hours`, l.hours, true);
      const rate = check.minor(`${f}.rateMinor`, l.rateMinor);
      line.operationCode = l.operationCode?.trim() || null;
      line.hoursMilli = hoursMilli;
      line.rateMinor = rate?.toString() ?? null;
      line.amountMinor = hoursMilli != null && rate != null ? lineAmountMinor({ kind: 'LABOUR', hoursMilli, rateMinor: rate }).toString() : '0';
    } else {
      const quantityMilli = check.milli(`${f}.quantity`, l.quantity, true);
      const price = check.minor(`${f}.unitPriceMinor`, l.unitPriceMinor);
      if (!l.source) check.because(`${f}.source`, 'REQUIRED', {}, 'say whether the part is OEM, AFTERMARKET or CUSTOMER_SUPPLIED');
      line.partNumber = check.required(`${f}.partNumber`, l.partNumber, 40);
      line.quantityMilli = quantityMilli;
      line.unitPriceMinor = price?.toString() ?? null;
      line.source = l.source ?? null;
      line.amountMinor = quantityMilli != null && price != null ? lineAmountMinor({ kind: 'PART', quantityMilli, unitPriceMinor: price }).toString() : '0';
    }
    return line;
  });
}

export function totalsOf(order: Pick<RepairOrder, 'discountMinor'>, lines: readonly RepairOrderLine[], asIfApproved = false): OrderTotals {
  return orderTotals(
    lines.map((l) => ({ kind: l.kind, status: asIfApproved ? 'APPROVED' : l.status, payType: l.payType, amountMinor: BigInt(l.amountMinor) })),
    BigInt(order.discountMinor),
  );
}
