import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { AppConfig } from './config.js';

type TrustFn = (addr: string, hop: number) => boolean;
const compiled = new WeakMap<string[], TrustFn>();

/** TRUST_PROXY as proxy-addr's trust function (the same rule express applies to `req.ip`). */
export function trustedProxies(config: Pick<AppConfig, 'trustProxy'>): TrustFn {
  let trust = compiled.get(config.trustProxy);
  if (!trust) {
    trust = proxyaddr.compile(config.trustProxy);
    compiled.set(config.trustProxy, trust);
  }
  return trust;
}

/**
 * The client's address: the socket's peer, unless that peer is a proxy named in TRUST_PROXY, in
 * which case `X-Forwarded-For` is read from the right, hop by hop, up to the first address that
 * is not a trusted proxy. With TRUST_PROXY empty (the default) the header is ignored. For the
 * WebSocket upgrade request, which express never sees; HTTP requests get the same from `req.ip`.
 */
export function clientIpOf(req: IncomingMessage, config: Pick<AppConfig, 'trustProxy'>): string | null {
  if (!req.socket?.remoteAddress) return null;
  return proxyaddr(req, trustedProxies(config)) || null;
}
