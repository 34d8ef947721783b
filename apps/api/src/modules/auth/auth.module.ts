import type { ModuleManifest } from '../../platform/modules.js';
import { AuthResolver } from './auth.resolver.js';

/** Sign-in, sessions and the signed-in person (`me`). */
export const authModule: ModuleManifest = {
  name: 'auth',
  resolvers: [AuthResolver],
};
