import type { ModuleManifest } from '../../platform/modules.js';
import { EventResolver } from './event.resolver.js';

/** Live events: the subscription and the resumable event feed. */
export const eventsModule: ModuleManifest = {
  name: 'events',
  resolvers: [EventResolver],
};
