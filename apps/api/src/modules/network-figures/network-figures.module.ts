import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { registerFigureJobs } from './figures.refresh.js';
import { FiguresResolver } from './figures.resolver.js';
import { SurveysResolver } from './surveys.resolver.js';

/** Network figures (统计报表, domain.md §8, ADR 0019): rollups of measures per owner, day and month, addressed to the authorising manufacturer. */
export const networkFiguresModule: ModuleManifest = {
  name: 'network-figures',
  resolvers: [FiguresResolver, SurveysResolver],
  jobs: { ...jobsOf(registerFigureJobs) },
};
