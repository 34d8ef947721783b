import { Ctx as Context, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { PartsOrderState } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { RepairOrderType } from '../repair-orders/repair-order.types.js';
import { PartsOrderStatusEnum } from './parts.types.js';
import { REPAIR_PART_STATES, repairPartLines, repairPartsExpected, type RepairPartLineView, type RepairPartState } from './repair-parts.view.js';

const RepairPartStateEnum = Object.fromEntries(REPAIR_PART_STATES.map((s) => [s, s])) as { [K in RepairPartState]: K };
registerEnumType(RepairPartStateEnum, {
  name: 'RepairPartState',
  description:
    'What became of a repair’s part line: NOT_HELD (neither reserved nor ordered), RESERVED from the shop’s stock, ON_ORDER (an open parts order), ' +
    'ISSUED to the repair when its work was finished, LAPSED (the reservation ran out unissued).',
});

@ObjectType('RepairPartsOrderRef', { description: 'The parts order a repair’s line went on.' })
export class RepairPartsOrderRefType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => PartsOrderStatusEnum) status!: PartsOrderState;
  @Field(() => String, {
    nullable: true,
    description: 'The day the line is expected (YYYY-MM-DD): a backorder’s confirmed day, else an emergency promise; null when unknown.',
  })
  expectedOn!: string | null;
}

@ObjectType('RepairPartLine', { description: 'A part line of a repair the workshop supplies, and what became of it.' })
export class RepairPartLineType {
  @Field(() => ID) lineId!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => String) description!: string;
  @Field(() => Int, { description: 'Whole units (a started unit counts whole).' }) quantity!: number;
  @Field(() => RepairPartStateEnum) state!: RepairPartState;
  @Field(() => Int, { nullable: true, description: 'Units of the newest reservation.' }) reservedQuantity!: number | null;
  @Field(() => Date, { nullable: true, description: 'When the open reservation lapses unless its part is issued.' }) reservedUntil!: Date | null;
  @Field(() => Date, { nullable: true }) issuedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the reservation lapsed (state LAPSED).' }) lapsedAt!: Date | null;
  @Field(() => RepairPartsOrderRefType, { nullable: true }) partsOrder!: RepairPartsOrderRefType | null;

  static from(v: RepairPartLineView): RepairPartLineType {
    const r = v.reservation;
    return Object.assign(new RepairPartLineType(), {
      lineId: v.line.id,
      partNumber: v.line.partNumber!,
      description: v.line.description,
      quantity: v.quantity,
      state: v.state,
      reservedQuantity: r?.quantity ?? null,
      reservedUntil: r && !r.releasedAt && !r.issuedAt ? r.expiresAt : null,
      issuedAt: r?.issuedAt ?? null,
      lapsedAt: r?.releaseReason === 'EXPIRED' ? r.releasedAt : null,
      partsOrder: v.partsOrder ? Object.assign(new RepairPartsOrderRefType(), v.partsOrder) : null,
    });
  }
}

@Resolver(() => RepairOrderType)
export class RepairOrderPartsResolver {
  @FieldResolver(() => [RepairPartLineType], {
    description: 'The part lines the workshop supplies (not declined) and what became of each: reserved, on order, issued, lapsed.',
  })
  async partLines(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<RepairPartLineType[]> {
    return (await inTx(ctx, (tx) => repairPartLines(tx, o.id))).map(RepairPartLineType.from);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'While the repair waits for parts: the day they are expected (YYYY-MM-DD), the latest of the open parts orders’ lines; null when unknown.',
  })
  async partsExpectedOn(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<string | null> {
    return (await inTx(ctx, (tx) => repairPartsExpected(tx, o.id))).expectedOn;
  }
}
