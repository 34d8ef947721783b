import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { CloseCode } from 'graphql-ws';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { appSchema } from './schema.js';
import { createCtx, readSettingsOf, type AppServices, type CookieJar, type Ctx } from './platform/context.js';
import { formatError } from './platform/errors.js';
import { log } from './platform/log.js';
import { apolloLogger, errorLogPlugin, readsEndPlugin, storableTextPlugin } from './platform/graphql/plugins.js';
import { fastQueries } from './platform/graphql/fast-query.js';
import { mountPlayground } from './platform/graphql/playground.js';
import { ValidDocuments } from './platform/graphql/documents.js';
import { subscribeSharing } from './platform/graphql/shared-subscriptions.js';
import { assertStorableText } from './platform/graphql/storable-text.js';
import { jsonBody, lastResort, signedInFirst, uploadMutationsOnly, UPLOAD_LIMIT_BYTES, UPLOAD_PATH } from './platform/transport.js';
import { CLOSE_REASON, LiveSockets, connectionBearer, originAllowed } from './platform/sockets.js';
import { clientIpOf } from './platform/client-ip.js';
import { OutboxDispatcher } from './platform/outbox.js';
import { closeDatabase, stopGracefully, trackHttpConnections, type StopReport } from './platform/shutdown.js';
import { JobQueue } from './platform/jobs.js';
import { registerSmsSender, smsGatewayFrom } from './platform/notifications.js';
import { composition } from './modules/index.js';
import { registerJobs } from './platform/modules.js';
import { createAppPubSub } from './platform/pubsub.js';
import { openAppOrm } from './platform/db/orm.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { AppConfig } from './platform/config.js';
import { tokenFromHeaders } from './platform/auth/tokens.js';
import { resolveSession, type ResolvedSession } from './modules/auth/auth.service.js';
import { SessionCache } from './platform/auth/session-cache.js';
import { readPool as openReadPool, RequestReads } from './platform/db/reads.js';

export interface RunningApi {
  url: string;
  wsUrl: string;
  port: number;
  services: AppServices;
  httpServer: http.Server;
  /** Graceful stop (platform/shutdown.ts); calling it again returns the same stop. */
  stop(): Promise<StopReport>;
}

function cookieJar(res: express.Response, secure: boolean): CookieJar {
  return {
    set: (name, value, { maxAgeSeconds }) => res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds * 1000 }),
    clear: (name) => res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' }),
  };
}

async function contextFor(
  services: AppServices,
  headers: http.IncomingHttpHeaders,
  extra: Partial<Ctx>,
  bearerFromParams?: string | null,
  resolvedAlready?: ResolvedSession,
): Promise<Ctx> {
  const token = bearerFromParams ?? tokenFromHeaders(headers);
  const { actor, principal } = resolvedAlready ?? (await resolveSession(services, token));
  return createCtx(services, actor, principal, {
    sessionToken: principal ? token : null,
    userAgent: headers['user-agent'] ?? null,
    ...extra,
  });
}

/** Tokens one document may have: more is a parse failure (GRAPHQL_PARSE_FAILED, HTTP 400). */
export const MAX_TOKENS = 2000;

/**
 * Limits on what one operation may ask (depth, aliases, cost; tokens are the parser's own limit,
 * MAX_TOKENS — graphql-armor's token plugin answered 500). The cost multiplies by a connection's
 * `first`, so a page of deep rows must stay small; every portal operation is checked against these
 * limits by a test (portal-operations.test.ts).
 */
export function queryArmor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    costLimit: { maxCost: 20000 },
    maxDirectives: { n: 20 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** A request-level error on the socket, with the code a client can rely on. */
function socketError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Every error leaving over the socket goes through formatError (code, no internals); unexpected ones are logged. */
function formattedForSocket(errors: readonly GraphQLError[], requestId?: string) {
  return errors.map((e) => {
    const shown = formatError(e.toJSON(), e);
    if (shown.extensions?.code === 'INTERNAL_SERVER_ERROR') log.error('ws.unexpected', e.originalError ?? e, { requestId, code: 'INTERNAL_SERVER_ERROR' });
    return shown;
  });
}

/** What a socket learnt when it connected: its token and whose session it is. */
interface SocketAuth {
  token: string | null;
  session: ResolvedSession;
}

/** Starts API (HTTP + WebSocket on one server) against an already migrated database. */
export async function startApi(config: AppConfig, opts: { clock?: Clock } = {}): Promise<RunningApi> {
  const orm = await openAppOrm(config.appDatabaseUrl, composition.entities);
  const { pubsub, close: closePubsub } = createAppPubSub(config.redisUrl);
  const dispatcher = new OutboxDispatcher(orm, pubsub, { retentionHours: config.eventRetentionHours, pollMs: config.outboxPollMs });
  const readPool = openReadPool(orm, config.appDatabaseUrl);
  const services = {
    config,
    orm,
    pubsub,
    dispatcher,
    clock: opts.clock ?? systemClock,
    sessions: new SessionCache<ResolvedSession>(config.sessionCacheMs),
    readPool,
  } as AppServices;
  services.jobs = new JobQueue(services);
  registerJobs(services.jobs, composition);
  registerSmsSender(services.jobs, smsGatewayFrom(config));
  const schema = await appSchema();

  const protection = queryArmor(config.production);
  const armorRules = protection.validationRules ?? [];
  // parsed and validated once per text, for the fast query path and every subscription
  const documents = new ValidDocuments(schema, armorRules, MAX_TOKENS, !config.production);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy); // X-Forwarded-For only from TRUST_PROXY (none by default); platform/client-ip.ts
  // read queries are answered in front of express when they can be (platform/graphql/fast-query.ts)
  let front: ReturnType<typeof fastQueries> | null = null;
  const toExpress = (req: http.IncomingMessage, res: http.ServerResponse) => void app(req as express.Request, res as express.Response);
  const httpServer = http.createServer((req, res) => (front ? front(req, res, toExpress) : toExpress(req, res)));
  const httpConnections = trackHttpConnections(httpServer);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const liveSockets = new LiveSockets(services);
  const wsCleanup = useServer<Record<string, unknown> | undefined, { auth?: SocketAuth }>(
    {
      schema,
      // close reasons never carry an error's text, whatever NODE_ENV says
      isProd: true,
      subscribe: subscribeSharing,
      onConnect: async (wsCtx) => {
        const { socket, request } = wsCtx.extra;
        const params = connectionBearer(wsCtx.connectionParams);
        if (!params.ok) {
          socket.close(CloseCode.BadRequest, CLOSE_REASON.BAD_PARAMS);
          return false;
        }
        const headerToken = tokenFromHeaders({ authorization: request.headers.authorization });
        const token = params.bearer ?? headerToken ?? tokenFromHeaders({ cookie: request.headers.cookie });
        const byCookie = !!token && !params.bearer && !headerToken;
        if (byCookie && !originAllowed(request, config.allowedOrigins)) {
          socket.close(CloseCode.Forbidden, CLOSE_REASON.ORIGIN);
          return false;
        }
        try {
          const session = await resolveSession(services, token);
          wsCtx.extra.auth = { token, session };
          if (session.principal && session.actor.type !== 'anonymous') liveSockets.track(socket, session.principal);
          return true;
        } catch (e) {
          log.error('ws.connect', e);
          socket.close(CloseCode.InternalServerError, CLOSE_REASON.INTERNAL);
          return false;
        }
      },
      onSubscribe: async (wsCtx, _id, payload) => {
        const checked = documents.check(payload.query);
        if ('parseError' in checked) return [socketError(checked.parseError.message, 'GRAPHQL_PARSE_FAILED')];
        if ('validationErrors' in checked) return checked.validationErrors.map((e) => socketError(e.message, 'GRAPHQL_VALIDATION_FAILED'));
        const document = checked.document;
        try {
          assertStorableText(document, payload.variables);
          const auth = wsCtx.extra.auth ?? { token: null, session: await resolveSession(services, null) };
          const contextValue = await contextFor(
            services,
            wsCtx.extra.request.headers,
            { clientIp: clientIpOf(wsCtx.extra.request, config) },
            auth.token,
            auth.session,
          );
          return {
            schema,
            document,
            variableValues: payload.variables ?? undefined,
            operationName: payload.operationName ?? undefined,
            contextValue,
          } satisfies ExecutionArgs;
        } catch (e) {
          return formattedForSocket([
            e instanceof GraphQLError ? e : new GraphQLError(e instanceof Error ? e.message : 'error', { originalError: e as Error }),
          ]).map((f) => socketError(f.message, String(f.extensions?.code)));
        }
      },
      onNext: (_wsCtx, _id, _payload, args, result: ExecutionResult) => {
        if (!result.errors?.length) return undefined;
        const requestId = (args.contextValue as Ctx | undefined)?.requestId;
        return { ...result, errors: formattedForSocket(result.errors, requestId) };
      },
      onError: (_wsCtx, _id, _payload, errors) => formattedForSocket(errors),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Ctx>({
    schema,
    ...protection,
    validationRules: armorRules,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    formatError,
    logger: apolloLogger,
    parseOptions: { maxTokens: MAX_TOKENS },
    stopOnTerminationSignals: false, // main.ts stops the whole API on a signal (platform/shutdown.ts)
    plugins: [
      storableTextPlugin,
      errorLogPlugin,
      readsEndPlugin,
      ...(protection.plugins as never[]),
      // outside production a browser gets the local playground (mountPlayground) before Apollo sees the request
      config.production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // GraphiQL served from installed packages, only where introspection is on (platform/graphql/playground.ts)
  if (!config.production) mountPlayground(app);
  for (const route of composition.routes)
    app[route.method](
      route.path,
      route.handler(services, (headers) => contextFor(services, headers, {})),
    );
  const httpContext = async (req: express.Request, res: express.Response): Promise<Ctx> => {
    const ctx = await contextFor(
      services,
      req.headers,
      { cookies: cookieJar(res, config.secureCookies), clientIp: req.ip ?? null },
      undefined,
      res.locals.session as ResolvedSession | undefined,
    );
    // every read of the request on one connection, in one transaction, ended once the response is ready
    ctx.reads = new RequestReads(readPool, readSettingsOf(ctx.actor));
    return ctx;
  };
  const graphql = expressMiddleware(apollo, { context: ({ req, res }) => httpContext(req, res) });
  front = fastQueries({
    schema,
    documents,
    bodyLimitBytes: config.bodyLimitBytes,
    context: async (req, readsOnce) => {
      const ctx = await contextFor(services, req.headers, { clientIp: clientIpOf(req, config) });
      ctx.reads = new RequestReads(readPool, readSettingsOf(ctx.actor), readsOnce);
      return ctx;
    },
  });
  // Uploads come as base64 in a mutation (docs/adr/0006-attachments.md), on their own route: the
  // session is checked before the body is read, and only upload mutations run there.
  app.post(
    UPLOAD_PATH,
    signedInFirst((token) => resolveSession(services, token)),
    ...jsonBody(UPLOAD_LIMIT_BYTES, ' A file may be at most 5 MiB.'),
    uploadMutationsOnly(MAX_TOKENS, composition.uploadMutations),
    graphql,
  );
  // Everything else on /graphql: one body limit for every request, signed in or not.
  app.use('/graphql', ...jsonBody(config.bodyLimitBytes, ` Files go to ${UPLOAD_PATH}.`), graphql);
  app.use(lastResort);

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  dispatcher.start();
  services.jobs.start(config.jobPollMs);
  liveSockets.start();

  let stopping: Promise<StopReport> | undefined;
  return {
    url: `http://${config.host}:${port}/graphql`,
    wsUrl: `ws://${config.host}:${port}/graphql`,
    port,
    services,
    httpServer,
    stop() {
      liveSockets.stop();
      stopping ??= stopGracefully({
        deadlineMs: config.shutdownDeadlineMs,
        http: httpConnections,
        wsServer,
        drain: { jobs: () => services.jobs.stop() },
        close: {
          graphql: () => apollo.stop(),
          outbox: () => dispatcher.stop(),
          redis: closePubsub,
          database: () => closeDatabase(orm),
          reads: () => readPool.end(),
        },
      });
      return stopping;
    },
  };
}
