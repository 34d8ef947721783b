import type { Server } from 'node:http';

export function startPortal(opts?: { port?: number; host?: string; apiUrl?: string }): Promise<Server>;
/** Stops accepting and answers what is in flight until `deadlineAt` (ms since the epoch); resolves with the number of requests cut. */
export function drainPortal(server: Server, deadlineAt: number): Promise<number>;
/** Ends the WebSockets still forwarded to the API. */
export function closeProxiedSockets(server: Server): void;
