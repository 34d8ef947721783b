import type WebSocket from 'ws';

/** The text of a message a `ws` socket received: one Buffer by default, several with `binaryType: 'fragments'`, an ArrayBuffer with `'arraybuffer'`. */
export function wsText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
