import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { RecoveryState } from '@asn/domain';

/**
 * A supplier recovery claim (供应商追偿): the manufacturer (owner) claims back the agreed share of
 * an approved warranty claim whose inspected causal part the supplier made. The supplier sees
 * and answers it.
 */
export class RecoveryClaim {
  id!: string;
  tenantId!: string;
  supplierId!: string;
  number!: string;
  claimId!: string;
  claimNumber!: string;
  partNumber!: string;
  componentGroup: string | null = null;
  /** The failure as the supplier needs to judge it, copied from the claim when raised (it never reads the claim). */
  failure: RecoveryFailure = {} as RecoveryFailure;
  /** The approved amount of the warranty claim the share is taken of. */
  baseMinor!: string;
  shareBp!: number;
  amountMinor!: string;
  currency!: string;
  status!: RecoveryState;
  note: string | null = null;
  disputeReason: string | null = null;
  raisedAt!: Date;
  answeredAt: Date | null = null;
  settledAt: Date | null = null;
  createdBy: string | null = null;
  version: number = 1;
}

export interface RecoveryFailure {
  vin: string;
  brand: string | null;
  meter: number;
  failureDate: string;
  repairDate: string;
  complaint: string;
  cause: string;
  correction: string;
  tagCode: string | null;
  inspectionResult: string | null;
  inspectionNote: string | null;
  inspectedAt: string | null;
}

const uuid = { type: 'uuid' } as const;
const money = { type: new BigIntType('string') };
const strN = { type: 'string', nullable: true } as const;

export const RecoveryClaimSchema = new EntitySchema<RecoveryClaim>({
  class: RecoveryClaim,
  tableName: 'recovery_claims',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    supplierId: uuid,
    number: { type: 'string' },
    claimId: uuid,
    claimNumber: { type: 'string' },
    partNumber: { type: 'string' },
    componentGroup: strN,
    failure: { type: 'json' },
    baseMinor: money,
    shareBp: { type: 'integer' },
    amountMinor: money,
    currency: { type: 'string' },
    status: { type: 'string' },
    note: strN,
    disputeReason: strN,
    raisedAt: { type: 'Date' },
    answeredAt: { type: 'Date', nullable: true },
    settledAt: { type: 'Date', nullable: true },
    createdBy: { ...uuid, nullable: true },
    version: { type: 'integer', version: true },
  },
});
