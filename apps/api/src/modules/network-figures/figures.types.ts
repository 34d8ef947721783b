import { judgeFigure, type FigureResult } from '@asn/domain';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { NetworkRowView, ScorecardView, TrendView } from './figures.queries.js';

@ObjectType({ description: 'A figure’s value per dimension: a pay type or a claim reason code.' })
export class FigureShareType {
  @Field() key!: string;
  @Field(() => Float) value!: number;
}

@ObjectType('FigureValue', { description: 'One figure of a period (docs/figures.md): null value when the sample is too small.' })
export class FigureValueType {
  @Field() figureId!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'COUNT | MONEY_MINOR | MINUTES | DAYS | RATIO (0..1)' }) unit!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) sample!: number;
  @Field(() => Int) minSample!: number;
  @Field({ description: 'sample < minSample: shown as too few, never a number' }) tooFew!: boolean;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => String, { nullable: true, description: 'HIGHER | LOWER' }) better!: string | null;
  @Field({ description: 'MEETS | BELOW | TOO_FEW | NO_TARGET' }) judgement!: string;
  @Field(() => [FigureShareType], { nullable: true }) breakdown!: FigureShareType[] | null;

  static from(r: FigureResult, minSample: number): FigureValueType {
    return Object.assign(new FigureValueType(), {
      figureId: r.figureId,
      version: r.version,
      unit: r.unit,
      value: r.value,
      sample: r.sample,
      minSample,
      tooFew: r.tooFew,
      target: r.target,
      better: r.better,
      judgement: judgeFigure(r),
      breakdown: r.breakdown ? Object.entries(r.breakdown).map(([key, value]) => ({ key, value })) : null,
    });
  }
}

@ObjectType('Scorecard', { description: 'A dealer’s figures beside its manufacturer’s network (no other dealer named).' })
export class ScorecardType {
  @Field(() => ID) dealerId!: string;
  @Field() dealerName!: string;
  @Field(() => String, { nullable: true }) dealerCode!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => ID, { nullable: true }) manufacturerId!: string | null;
  @Field(() => String, { nullable: true }) manufacturerName!: string | null;
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => [FigureValueType]) figures!: FigureValueType[];
  @Field(() => [FigureValueType], {
    nullable: true,
    description:
      'The network pooled, counts and amounts per dealer (rates and durations are the pool’s own); null when fewer than 3 dealers report. For a parts supplier opened by its manufacturer: its suppliers pooled (networkDealers counts them).',
  })
  network!: FigureValueType[] | null;
  @Field(() => Int) networkDealers!: number;
}

@ObjectType('NetworkRow')
export class NetworkRowType {
  @Field({ description: 'The dealer’s id or the region’s name.' }) key!: string;
  @Field() label!: string;
  @Field(() => ID, { nullable: true }) dealerId!: string | null;
  @Field(() => String, { nullable: true }) dealerCode!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => Int) dealers!: number;
  @Field(() => [FigureValueType]) figures!: FigureValueType[];
  @Field(() => [String], { description: 'Figures judged BELOW target.' }) below!: string[];
}

@ObjectType('NetworkFigures')
export class NetworkFiguresType {
  @Field() from!: string;
  @Field() to!: string;
  @Field() groupBy!: string;
  @Field(() => [NetworkRowType]) rows!: NetworkRowType[];
  @Field(() => [FigureValueType]) network!: FigureValueType[];
  @Field(() => Int) dealers!: number;
}

@ObjectType('TrendPoint')
export class TrendPointType {
  @Field() period!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) sample!: number;
  @Field() tooFew!: boolean;
}

@ObjectType('FigureTrend')
export class FigureTrendType {
  @Field() figureId!: string;
  @Field() unit!: string;
  @Field() grain!: string;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => [TrendPointType]) points!: TrendPointType[];
  @Field(() => [TrendPointType], {
    nullable: true,
    description:
      'The network beside a dealer (counts and amounts per dealer reporting in each period; rates and durations pooled) or beside a region (the network pooled); null for the network itself.',
  })
  network!: TrendPointType[] | null;

  static from(t: TrendView): FigureTrendType {
    return Object.assign(new FigureTrendType(), t);
  }
}

@InputType()
export class ScorecardInput {
  @Field(() => ID, { nullable: true }) dealerId?: string | null;
  @Field({ description: 'YYYY-MM-DD, inclusive' }) from!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive' }) to!: string;
  @Field(() => String, { nullable: true }) brand?: string | null;
}

@InputType()
export class NetworkFiguresInput {
  @Field() from!: string;
  @Field() to!: string;
  @Field({ description: 'DEALER | REGION | SUPPLIER (its parts suppliers one by one)' }) groupBy!: string;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => String, { nullable: true }) brand?: string | null;
}

@InputType()
export class FigureTrendInput {
  @Field() figureId!: string;
  @Field() from!: string;
  @Field() to!: string;
  @Field({ description: 'DAY | MONTH' }) grain!: string;
  @Field(() => ID, { nullable: true }) dealerId?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The manufacturer’s parts suppliers pooled (no dealer); without dealerId. Beside one supplier (dealerId) the network is the suppliers pooled.',
  })
  suppliers?: boolean | null;
}

export type { NetworkRowView, ScorecardView };
