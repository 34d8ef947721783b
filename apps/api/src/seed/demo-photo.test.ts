import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../test/harness.js';
import { DEMO_FAILURE_PHOTO_JPEG } from './demo-photo.js';

interface JpegInfo {
  width: number;
  height: number;
  components: number;
  markers: string[];
}

/**
 * Walks a JPEG's segments as a decoder does: SOI, length-prefixed segments up to the start of scan,
 * the entropy-coded data (0xFF only as a stuffed 0xFF00 or a restart marker) and EOI at the very end.
 * Throws on anything a decoder would refuse.
 */
function readJpeg(b: Buffer): JpegInfo {
  if (b.readUInt16BE(0) !== 0xffd8) throw new Error('no SOI');
  const markers: string[] = [];
  let frame: Omit<JpegInfo, 'markers'> | null = null;
  let at = 2;
  for (;;) {
    if (b[at] !== 0xff) throw new Error(`no marker at ${at}`);
    const marker = b[at + 1]!;
    const length = b.readUInt16BE(at + 2);
    markers.push(marker.toString(16));
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      frame = { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7), components: b[at + 9]! };
    }
    at += 2 + length;
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    if (at >= b.length) throw new Error('no start of scan');
  }
  let scanBytes = 0;
  for (; at < b.length - 2; at++, scanBytes++) {
    if (b[at] !== 0xff) continue;
    const next = b[at + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
      at++;
      continue;
    }
    throw new Error(`marker ${next.toString(16)} inside the scan at ${at}`);
  }
  if (b.readUInt16BE(b.length - 2) !== 0xffd9) throw new Error('no EOI at the end');
  if (!frame) throw new Error('no frame header (SOF)');
  if (scanBytes < 1000) throw new Error(`only ${scanBytes} bytes of image data`);
  return { ...frame, markers };
}

describe('the demo claim’s failure photo (issue 12, item 7: was a 22-byte JPEG that no browser could show)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('is a whole JPEG: segments, a 320×240 colour frame, a scan and EOI', () => {
    const info = readJpeg(DEMO_FAILURE_PHOTO_JPEG);
    expect(info).toMatchObject({ width: 320, height: 240, components: 3 });
    expect(info.markers).toEqual(expect.arrayContaining(['db', 'c4', 'da']));
  });

  it('is what the seed stored on the demo claim', async () => {
    const rows = await t.sql<{ content: Buffer; content_type: string; size_bytes: number }>(
      `select content, content_type, size_bytes from attachments where owner_type = 'WarrantyClaim' and file_name = '发电机故障.jpg'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.content_type).toBe('image/jpeg');
    expect(rows[0]!.size_bytes).toBeGreaterThan(2000);
    expect(Buffer.compare(rows[0]!.content, DEMO_FAILURE_PHOTO_JPEG)).toBe(0);
    expect(readJpeg(rows[0]!.content)).toMatchObject({ width: 320, height: 240 });
  });
});
