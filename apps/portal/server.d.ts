import type { Server } from 'node:http';

export function startPortal(opts?: { port?: number; host?: string; apiUrl?: string }): Promise<Server>;
