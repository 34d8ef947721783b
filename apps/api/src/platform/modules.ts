import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { EntitySchema } from '@mikro-orm/postgresql';
import type { AppServices, Ctx } from './context.js';
import type { JobHandler, JobRegistry } from './jobs.js';
import type { DocumentDeclaration } from './documents/declare.js';

/** A type-graphql resolver class. */
export type ResolverClass = abstract new (...args: never[]) => unknown;

/**
 * What a feature module brings to the running API. The platform knows no feature: it is handed
 * these manifests (the composition root is `src/modules/index.ts`) and builds the ORM's entity
 * list, the schema's resolvers, the job handlers and the HTTP routes from them.
 */
export interface ModuleManifest {
  /** The module's folder name under src/modules (unique). */
  readonly name: string;
  /** The tables the module maps (MikroORM entity schemas). */
  readonly entities?: readonly EntitySchema[];
  /** type-graphql resolver classes (root fields and field resolvers on other modules' types). */
  readonly resolvers?: readonly ResolverClass[];
  /** Job handlers by job kind (the kinds the module's timers schedule); kinds are unique across modules. */
  readonly jobs?: Readonly<Record<string, JobHandler>>;
  /** The module's lifecycle documents (platform/documents/): each declared once with defineDocument. */
  readonly documents?: readonly DocumentDeclaration[];
  /** Mutations taken on the upload route (`/graphql/upload`, platform/transport.ts). */
  readonly uploadMutations?: readonly string[];
  /** Plain HTTP routes next to /graphql (e.g. file downloads). */
  readonly routes?: readonly HttpRoute[];
}

/** A GET (or POST: a body streamed in) route of a module; `sessionCtx` builds the request context of the caller's session. */
export interface HttpRoute {
  readonly method: 'get' | 'post';
  readonly path: string;
  handler(services: AppServices, sessionCtx: (headers: IncomingHttpHeaders) => Promise<Ctx>): RequestHandler;
}

/**
 * Job handlers registered the way a module's `register…(jobs)` function does it, as a record (so a
 * module that registers its timers with a function can state them in its manifest).
 */
export function jobsOf(register: (jobs: JobRegistry) => void): Record<string, JobHandler> {
  const found: Record<string, JobHandler> = {};
  register({
    register(kind, handler) {
      if (kind in found) throw new Error(`job kind ${kind} registered twice`);
      found[kind] = handler;
    },
  });
  return found;
}

/** What the manifests bring, gathered once; duplicate names and job kinds are refused at start. */
export interface Composition {
  readonly modules: readonly ModuleManifest[];
  readonly entities: readonly EntitySchema[];
  readonly resolvers: readonly ResolverClass[];
  readonly jobs: ReadonlyMap<string, JobHandler>;
  readonly documents: readonly DocumentDeclaration[];
  readonly uploadMutations: ReadonlySet<string>;
  readonly routes: readonly HttpRoute[];
}

export function compose(modules: readonly ModuleManifest[]): Composition {
  const names = new Set<string>();
  const jobs = new Map<string, JobHandler>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module ${m.name} listed twice`);
    names.add(m.name);
    for (const [kind, handler] of Object.entries(m.jobs ?? {})) {
      if (jobs.has(kind)) throw new Error(`job kind ${kind} is handled by two modules (the second: ${m.name})`);
      jobs.set(kind, handler);
    }
  }
  const all = <T>(pick: (m: ModuleManifest) => readonly T[] | undefined): T[] => [...new Set(modules.flatMap((m) => pick(m) ?? []))];
  return {
    modules,
    entities: all((m) => m.entities),
    resolvers: all((m) => m.resolvers),
    jobs,
    documents: all((m) => m.documents),
    uploadMutations: new Set(all((m) => m.uploadMutations)),
    routes: all((m) => m.routes),
  };
}

/** Registers every job handler of a composition on a queue. */
export function registerJobs(queue: JobRegistry, composition: Pick<Composition, 'jobs'>): void {
  for (const [kind, handler] of composition.jobs) queue.register(kind, handler);
}
