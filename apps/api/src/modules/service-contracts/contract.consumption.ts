/**
 * Entitlements consumed by repairs (domain.md §6): a repair-order line paid by the contract
 * (pay type CONTRACT) is checked when it is entered against the active contract of the order's
 * vehicle at this workshop and takes its units from the entitlement covering it (its operation
 * or part code, or a component group); the order's first contract line takes one visit when the
 * contract counts visits. A line not covered, or an entitlement used up, refuses the entry with
 * the reason on the line. A cancelled order gives back what it took; a rewritten estimate gives
 * back what its old lines took.
 */
import { LockMode } from '@mikro-orm/core';
import { DomainError, consumeLines, coverageOf, uuidv7, type Entitlement } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Vehicle } from '../customers/customer.entity.js';
import { RepairOrderLine, type RepairOrder } from '../repair-orders/repair-order.entity.js';
import { onRepairLinesEntered, onRepairOrderStep } from '../repair-orders/repair-order.hooks.js';
import { recordContract } from './contract.document.js';
import { ContractConsumption, ContractEntitlement, ContractVehicle, ServiceContract } from './contract.entity.js';

/** The contract serving a VIN at this workshop today: ACTIVE and within its period. */
export async function activeContractFor(tx: Tx, vin: string): Promise<ServiceContract | null> {
  const covered = await tx.em.find(ContractVehicle, { tenantId: tx.tenantId!, vin });
  if (!covered.length) return null;
  const today = await tenantDay(tx, tx.ctx.clock.now());
  return tx.em.findOne(
    ServiceContract,
    { tenantId: tx.tenantId!, id: { $in: covered.map((c) => c.contractId) }, status: 'ACTIVE', startsOn: { $lte: today }, endsOn: { $gte: today } },
    { orderBy: { endsOn: 'desc' } },
  );
}

/** Gives back what the order's consumptions took (all of them, or those of lines no longer on it). */
async function release(tx: Tx, order: RepairOrder, onlyGoneLines: boolean): Promise<number> {
  const taken = await tx.em.find(ContractConsumption, { repairOrderId: order.id, releasedAt: null });
  if (!taken.length) return 0;
  const onOrder = onlyGoneLines ? new Set((await tx.em.find(RepairOrderLine, { repairOrderId: order.id }, { fields: ['id'] })).map((l) => l.id)) : null;
  // the visit stays taken while the order is not cancelled
  const gone = onOrder ? taken.filter((c) => c.repairOrderLineId && !onOrder.has(c.repairOrderLineId)) : taken;
  if (!gone.length) return 0;
  const entitlements = await tx.em.find(
    ContractEntitlement,
    { id: { $in: [...new Set(gone.map((c) => c.entitlementId))] } },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  const now = tx.ctx.clock.now();
  for (const c of gone) {
    c.releasedAt = now;
    const e = entitlements.find((x) => x.id === c.entitlementId);
    if (e) e.used = Math.max(0, e.used - c.units);
  }
  await tx.em.flush();
  return gone.reduce((n, c) => n + c.units, 0);
}

async function consume(tx: Tx, order: RepairOrder, lines: readonly RepairOrderLine[], opts: { rewrite: boolean }): Promise<void> {
  if (opts.rewrite) await release(tx, order, true);
  const paid = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.payType === 'CONTRACT');
  if (!paid.length) return;
  const vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
  const contract = await activeContractFor(tx, vehicle.vin);
  if (!contract)
    throw DomainError.badField(
      `input.lines[${paid[0]!.i}].payType`,
      'NO_ACTIVE_CONTRACT',
      { vin: vehicle.vin },
      `no active contract of this workshop covers ${vehicle.vin}`,
    );
  // locked: two entries at once cannot both take the last unit
  const rows = await tx.em.find(ContractEntitlement, { contractId: contract.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { position: 'asc' } });
  const entitlements: Entitlement[] = rows.map((r) => ({ id: r.id, kind: r.kind, code: r.code, quantity: r.quantity, used: r.used }));
  const allocations = consumeLines(
    entitlements,
    paid.map(({ l, i }) => ({
      field: `input.lines[${i}]`,
      kind: l.kind,
      operationCode: l.operationCode ?? null,
      partNumber: l.partNumber ?? null,
      units: l.kind === 'LABOUR' ? 1 : Math.max(1, Math.ceil((l.quantityMilli ?? 1000) / 1000)),
    })),
  );
  const now = tx.ctx.clock.now();
  const take = (entitlementId: string, units: number, lineId: string | null) => {
    const e = rows.find((r) => r.id === entitlementId)!;
    e.used += units;
    tx.em.persist(
      Object.assign(new ContractConsumption(), {
        id: uuidv7(),
        tenantId: contract.tenantId,
        manufacturerId: contract.manufacturerId,
        contractId: contract.id,
        entitlementId,
        units,
        repairOrderId: order.id,
        repairOrderLineId: lineId,
        createdAt: now,
      }),
    );
  };
  allocations.forEach((a, k) => take(a.entitlementId, a.units, paid[k]!.l.id));
  // one visit per repair order, when the contract counts visits
  const visit = rows.find((r) => r.kind === 'VISIT');
  if (visit && !(await tx.em.count(ContractConsumption, { repairOrderId: order.id, entitlementId: visit.id, releasedAt: null }))) {
    const c = coverageOf([{ id: visit.id, kind: 'OPERATION', code: 'VISIT', quantity: visit.quantity, used: visit.used }], {
      kind: 'LABOUR',
      operationCode: 'VISIT',
      partNumber: null,
      units: 1,
    });
    if (!c.ok)
      throw DomainError.badField(
        `input.lines[${paid[0]!.i}].payType`,
        'ENTITLEMENT_USED_UP',
        { code: '', kind: 'VISIT', quantity: visit.quantity ?? 0, used: visit.used },
        'the contract’s visits are used up',
      );
    take(visit.id, 1, null);
  }
  recordContract(tx, contract, 'consumed', {
    data: { repairOrderId: order.id, repairOrderNumber: order.number, lines: allocations.length },
    detail: { repairOrderNumber: order.number, lines: allocations.length },
  });
  await tx.em.flush();
}

/** Registers the repair-order hooks (the contracts module depends on repair orders, never the reverse). */
export function registerContractConsumption(): void {
  onRepairLinesEntered('service-contracts.consume', consume);
  onRepairOrderStep('CANCEL', 'service-contracts.release', async (tx, order) => {
    const units = await release(tx, order, false);
    return units ? { contractUnitsReleased: units } : undefined;
  });
}
