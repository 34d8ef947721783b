import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_POLICIES,
  asciiFileName,
  checkAttachmentContent,
  maxBase64Length,
  sanitizeFileName,
  sniffContentType,
} from './attachments.js';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR');
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
const HTML = bytes('<!DOCTYPE html><script>alert(1)</script>');

describe('attachment content', () => {
  it('detects JPEG, PNG, WebP and PDF from the magic bytes only', () => {
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(WEBP)).toBe('image/webp');
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(HTML)).toBeNull();
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffContentType(bytes(' %PDF-1.7'))).toBeNull(); // not at the very start
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });

  it('refuses a .jpg that is HTML or PDF, a type the owner does not take, and a declared type that disagrees', () => {
    const line = ATTACHMENT_POLICIES.RepairOrderLine;
    expect(checkAttachmentContent(line, JPEG, 'image/jpeg')).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkAttachmentContent(line, JPEG, 'image/JPG')).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkAttachmentContent(line, HTML, 'image/jpeg')).toMatchObject({ ok: false, message: expect.stringContaining('not an accepted file type') });
    expect(checkAttachmentContent(line, PDF, 'image/jpeg')).toMatchObject({ ok: false, message: expect.stringContaining('it is a PDF') });
    expect(checkAttachmentContent(line, PNG, 'image/jpeg')).toMatchObject({ ok: false, message: expect.stringContaining('content is PNG') });
    expect(checkAttachmentContent(line, new Uint8Array(), 'image/jpeg')).toMatchObject({ ok: false, message: 'the file is empty' });
    // a claim takes PDFs, but only when declared as one
    expect(checkAttachmentContent(ATTACHMENT_POLICIES.WarrantyClaim, PDF, 'application/pdf')).toEqual({ ok: true, type: 'application/pdf' });
    expect(checkAttachmentContent(ATTACHMENT_POLICIES.WarrantyClaim, PDF, 'image/jpeg').ok).toBe(false);
  });

  it('refuses a file over the limit', () => {
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    big.set(JPEG);
    expect(checkAttachmentContent(ATTACHMENT_POLICIES.Visit, big, 'image/jpeg')).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
    const exact = new Uint8Array(ATTACHMENT_MAX_BYTES);
    exact.set(JPEG);
    expect(checkAttachmentContent(ATTACHMENT_POLICIES.Visit, exact, 'image/jpeg').ok).toBe(true);
    expect(maxBase64Length(ATTACHMENT_MAX_BYTES)).toBe(4 * Math.ceil(ATTACHMENT_MAX_BYTES / 3)); // 6,990,508 characters
  });
});

describe('file names', () => {
  it('neutralises paths, reserved characters and misleading extensions', () => {
    expect(sanitizeFileName('../../etc/passwd', 'image/jpeg')).toBe('passwd.jpg');
    expect(sanitizeFileName('..\\..\\windows\\system32\\evil.exe', 'image/png')).toBe('evil.png');
    expect(sanitizeFileName('/var/www/../.htaccess', 'image/jpeg')).toBe('htaccess.jpg');
    expect(sanitizeFileName('刹车片 磨损.JPG', 'image/jpeg')).toBe('刹车片 磨损.jpg');
    expect(sanitizeFileName('report.pdf.html', 'image/webp')).toBe('report.pdf.webp');
    expect(sanitizeFileName('a"b<c>\u202egpj.exe\r\nX-Header: 1', 'image/jpeg')).toBe('abcgpj.exe X-Header 1.jpg');
    expect(sanitizeFileName('', 'image/jpeg')).toBe('photo.jpg');
    expect(sanitizeFileName('...', 'application/pdf')).toBe('document.pdf');
    expect(asciiFileName('刹车片.jpg')).toBe('___.jpg');
  });

  it('never yields a separator, a control character or a leading dot, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const safe = sanitizeFileName(name, 'image/jpeg');
        // eslint-disable-next-line no-control-regex -- asserting that no control character survives
        expect(safe).not.toMatch(/[/\\\u0000-\u001f\u007f"<>]/);
        expect(safe.startsWith('.')).toBe(false);
        expect(safe.endsWith('.jpg')).toBe(true);
        expect([...safe].length).toBeLessThanOrEqual(104);
        expect(asciiFileName(safe)).toMatch(/^[\x20-\x7e]+$/);
      }),
    );
  });
});
