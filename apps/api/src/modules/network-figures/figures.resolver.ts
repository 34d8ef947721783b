import { FIGURES, judgeFigure, type FigureResult } from '@asn/domain';
import { Arg, Ctx as Context, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { figureTrend, networkFigures, scorecard } from './figures.queries.js';
import {
  FigureTrendInput,
  FigureTrendType,
  FigureValueType,
  NetworkFiguresInput,
  NetworkFiguresType,
  ScorecardInput,
  ScorecardType,
  type NetworkRowView,
} from './figures.types.js';

const values = (rs: readonly FigureResult[]) => rs.map((r) => FigureValueType.from(r, FIGURES[r.figureId].minSample));
const row = (r: NetworkRowView) => ({ ...r, figures: values(r.figures), below: r.figures.filter((f) => judgeFigure(f) === 'BELOW').map((f) => f.figureId) });

@Resolver()
export class FiguresResolver {
  @Query(() => ScorecardType, {
    description: 'A dealer’s figures over [from, to] beside its manufacturer’s network: the dealer’s own, or a dealer the manufacturer authorised.',
  })
  @Permit('read', 'Figure')
  async figureScorecard(@Context() ctx: Ctx, @Arg('input', () => ScorecardInput) input: ScorecardInput): Promise<ScorecardType> {
    const s = await scorecard(ctx, input);
    return Object.assign(new ScorecardType(), { ...s, figures: values(s.figures), network: s.network ? values(s.network) : null });
  }

  @Query(() => NetworkFiguresType, { description: 'The manufacturer’s network by dealer or by region (a regional manager: its regions).' })
  @Permit('read', 'Figure')
  async networkFigures(@Context() ctx: Ctx, @Arg('input', () => NetworkFiguresInput) input: NetworkFiguresInput): Promise<NetworkFiguresType> {
    const n = await networkFigures(ctx, input);
    return Object.assign(new NetworkFiguresType(), { ...n, rows: n.rows.map(row), network: values(n.network) });
  }

  @Query(() => FigureTrendType, { description: 'One figure over time (by day or by month): a dealer, a region, or the visible network.' })
  @Permit('read', 'Figure')
  async figureTrend(@Context() ctx: Ctx, @Arg('input', () => FigureTrendInput) input: FigureTrendInput): Promise<FigureTrendType> {
    return FigureTrendType.from(await figureTrend(ctx, input));
  }
}
