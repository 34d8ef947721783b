import type { ModuleManifest } from '../../platform/modules.js';
import { UserResolver } from './user.resolver.js';

/** A tenant's staff accounts and roles. */
export const usersModule: ModuleManifest = {
  name: 'users',
  resolvers: [UserResolver],
};
