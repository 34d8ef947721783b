import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { parse, specifiedRules, validate, type ExecutionArgs, type GraphQLError, type ValidationRule } from 'graphql';
import { appSchema } from './schema.js';
import { createCtx, type AppServices, type CookieJar, type Ctx } from './platform/context.js';
import { formatError } from './platform/errors.js';
import { OutboxDispatcher } from './platform/outbox.js';
import { JobQueue } from './platform/jobs.js';
import { registerSmsSender, smsGatewayFrom } from './platform/notifications.js';
import { registerRepairOrderTimers } from './modules/repair-orders/repair-order.timers.js';
import { registerCustomerTimers } from './modules/customers/customer.timers.js';
import { registerBookingTimers } from './modules/bookings/booking.service.js';
import { createAppPubSub } from './platform/pubsub.js';
import { openAppOrm } from './platform/db/orm.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { AppConfig } from './platform/config.js';
import { tokenFromHeaders } from './platform/auth/tokens.js';
import { resolveSession } from './modules/auth/auth.service.js';
import { fileRoute } from './modules/attachments/attachment.http.js';
import { maxBase64Length, ATTACHMENT_MAX_BYTES } from '@asn/domain';

export interface RunningApi {
  url: string;
  wsUrl: string;
  port: number;
  services: AppServices;
  httpServer: http.Server;
  stop(): Promise<void>;
}

function cookieJar(res: express.Response, secure: boolean): CookieJar {
  return {
    set: (name, value, { maxAgeSeconds }) =>
      res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: maxAgeSeconds * 1000 }),
    clear: (name) => res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' }),
  };
}

async function contextFor(
  services: AppServices,
  headers: http.IncomingHttpHeaders,
  extra: Partial<Ctx>,
  bearerFromParams?: string | null,
): Promise<Ctx> {
  const token = bearerFromParams ?? tokenFromHeaders(headers);
  const { actor, principal } = await resolveSession(services, token);
  return createCtx(services, actor, principal, {
    sessionToken: principal ? token : null,
    userAgent: (headers['user-agent'] as string | undefined) ?? null,
    ...extra,
  });
}

/**
 * Limits on what one operation may ask (depth, aliases, cost, tokens). The cost multiplies by a
 * connection's `first`, so a page of deep rows must stay small; every portal operation is checked
 * against these limits by a test (portal-operations.test.ts).
 */
export function queryArmor(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 20 },
    costLimit: { maxCost: 20000 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2000 },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** Starts API (HTTP + WebSocket on one server) against an already migrated database. */
export async function startApi(config: AppConfig, opts: { clock?: Clock } = {}): Promise<RunningApi> {
  const orm = await openAppOrm(config.appDatabaseUrl);
  const { pubsub, close: closePubsub } = createAppPubSub(config.redisUrl);
  const dispatcher = new OutboxDispatcher(orm, pubsub);
  const services = { config, orm, pubsub, dispatcher, clock: opts.clock ?? systemClock } as AppServices;
  services.jobs = new JobQueue(services);
  registerRepairOrderTimers(services.jobs);
  registerCustomerTimers(services.jobs);
  registerBookingTimers(services.jobs);
  registerSmsSender(services.jobs, smsGatewayFrom(config));
  const schema = await appSchema();

  const protection = queryArmor(config.production);
  const armorRules = (protection.validationRules ?? []) as ValidationRule[];

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      context: async (wsCtx) => {
        const params = wsCtx.connectionParams as { authorization?: string } | undefined;
        const bearer = params?.authorization?.replace(/^Bearer\s+/i, '') ?? null;
        return contextFor(services, wsCtx.extra.request.headers, { clientIp: wsCtx.extra.request.socket.remoteAddress ?? null }, bearer);
      },
      onSubscribe: async (wsCtx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (e) {
          return [e as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...armorRules]);
        if (errors.length) return errors;
        const params = wsCtx.connectionParams as { authorization?: string } | undefined;
        const bearer = params?.authorization?.replace(/^Bearer\s+/i, '') ?? null;
        const contextValue = await contextFor(services, wsCtx.extra.request.headers, {}, bearer);
        return {
          schema,
          document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        } satisfies ExecutionArgs;
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) if (!e.extensions?.code) console.error('[ws] error', e.message);
      },
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
    plugins: [
      ...(protection.plugins as never[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
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
  // Uploads come as base64 in a mutation (docs/adr/0006-attachments.md): requests carrying
  // credentials may be as large as one file allows; anonymous ones stay at 1 MB.
  const smallJson = express.json({ limit: '1mb' });
  const uploadJson = express.json({ limit: maxBase64Length(ATTACHMENT_MAX_BYTES) + 256 * 1024 });
  app.get('/files/:id', fileRoute(services, (headers) => contextFor(services, headers, {})));
  app.use(
    '/graphql',
    (req: express.Request, res: express.Response, next: express.NextFunction) => (tokenFromHeaders(req.headers) ? uploadJson : smallJson)(req, res, next),
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      // a body over the limit (or not JSON) gets a coded GraphQL-style answer, not an HTML page
      const e = err as { status?: number; type?: string };
      if (!e?.status || e.status >= 500) return next(err);
      res.status(e.status).json({
        errors: [
          e.type === 'entity.too.large'
            ? { message: 'The request is too large: files may be at most 5 MiB.', extensions: { code: 'BAD_USER_INPUT' } }
            : { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } },
        ],
      });
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        contextFor(services, req.headers, { cookies: cookieJar(res, config.secureCookies), clientIp: req.ip ?? null }),
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  dispatcher.start();
  services.jobs.start(config.jobPollMs);

  return {
    url: `http://${config.host}:${port}/graphql`,
    wsUrl: `ws://${config.host}:${port}/graphql`,
    port,
    services,
    httpServer,
    async stop() {
      await apollo.stop();
      await services.jobs.stop();
      await dispatcher.stop();
      await closePubsub();
      await orm.close(true);
    },
  };
}
