import type { MeFieldsFragment } from '$lib/graphql/generated';
import type { Lang } from '$lib/i18n';

declare global {
  namespace App {
    interface Locals {
      me: MeFieldsFragment | null;
      lang: Lang;
      sessionCookie: string | null;
    }
    interface Error {
      message: string;
      code?: string;
      /** The reader's language, for the error page (hooks.server.ts handleError). */
      lang?: Lang;
    }
  }
}

export {};
