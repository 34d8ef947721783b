/**
 * Attachments (photos of proposed extra work, on-site photos, later claim evidence): what may be
 * stored, decided from the bytes themselves — never from the file name or the declared type alone.
 */
import type { ReasonParams } from './reasons.js';

export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

export const ATTACHMENT_OWNER_TYPES = ['RepairOrderLine', 'Visit', 'WarrantyClaim', 'RecoveryClaim', 'PartsDiscrepancy', 'Complaint'] as const;
export type AttachmentOwnerType = (typeof ATTACHMENT_OWNER_TYPES)[number];

/** 5 MiB: a phone photo fits; anything bigger is refused before it is decoded. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

export interface AttachmentPolicy {
  types: readonly AttachmentContentType[];
  maxBytes: number;
  /** Files per owner (a line, a visit, a claim). */
  maxCount: number;
}

const IMAGES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** What each owner accepts. PDFs (diagnosis reports) only where a document is expected. */
export const ATTACHMENT_POLICIES: Record<AttachmentOwnerType, AttachmentPolicy> = {
  RepairOrderLine: { types: IMAGES, maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 6 },
  Visit: { types: IMAGES, maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 12 },
  WarrantyClaim: { types: [...IMAGES, 'application/pdf'], maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 20 },
  RecoveryClaim: { types: [...IMAGES, 'application/pdf'], maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 10 },
  // photos of what arrived damaged or wrong, for the seller to judge
  PartsDiscrepancy: { types: IMAGES, maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 6 },
  // the customer's letter, photos of what they complain about, the investigation's evidence
  Complaint: { types: [...IMAGES, 'application/pdf'], maxBytes: ATTACHMENT_MAX_BYTES, maxCount: 10 },
};

const EXTENSION: Record<AttachmentContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

export function extensionOf(type: AttachmentContentType): string {
  return EXTENSION[type];
}

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The content type from the magic bytes: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A),
 * WebP (RIFF....WEBP), PDF (%PDF- at the very start). Anything else (HTML, SVG, scripts,
 * executables, HEIC…) is `null`.
 */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/** Normalises a declared MIME type (`image/JPG; charset=x` → `image/jpeg`). */
export function normaliseContentType(declared: string | null | undefined): string {
  const t = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return t === 'image/jpg' || t === 'image/pjpeg' ? 'image/jpeg' : t;
}

const LABEL: Record<AttachmentContentType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'application/pdf': 'PDF',
};

/** Why content is refused: a catalogued reason with its parameters (the caller reports it on the input field). */
export type AttachmentRefusal =
  | { ok: false; message: string; reason: 'FILE_EMPTY'; params: ReasonParams<'FILE_EMPTY'> }
  | { ok: false; message: string; reason: 'FILE_TOO_LARGE'; params: ReasonParams<'FILE_TOO_LARGE'> }
  | { ok: false; message: string; reason: 'FILE_TYPE_NOT_ACCEPTED'; params: ReasonParams<'FILE_TYPE_NOT_ACCEPTED'> }
  | { ok: false; message: string; reason: 'FILE_TYPE_MISMATCH'; params: ReasonParams<'FILE_TYPE_MISMATCH'> };

/**
 * Checks bytes against a policy and the declared type. Returns the detected type, or why it is
 * refused (English message plus the catalogued reason).
 */
export function checkAttachmentContent(
  policy: AttachmentPolicy,
  bytes: Uint8Array,
  declaredType: string | null | undefined,
): { ok: true; type: AttachmentContentType } | AttachmentRefusal {
  const accepted = policy.types.map((t) => LABEL[t]);
  const allowed = accepted.join(', ');
  if (bytes.length === 0) return { ok: false, message: 'the file is empty', reason: 'FILE_EMPTY', params: {} };
  if (bytes.length > policy.maxBytes) {
    return {
      ok: false,
      message: `the file is too large (${formatBytes(bytes.length)}; at most ${formatBytes(policy.maxBytes)})`,
      reason: 'FILE_TOO_LARGE',
      params: { sizeBytes: bytes.length, maxBytes: policy.maxBytes },
    };
  }
  const detected = sniffContentType(bytes);
  if (!detected || !policy.types.includes(detected)) {
    return {
      ok: false,
      message: `the content is not an accepted file type (accepted: ${allowed})${detected ? `; it is a ${LABEL[detected]}` : ''}`,
      reason: 'FILE_TYPE_NOT_ACCEPTED',
      params: { accepted, detected: detected ? LABEL[detected] : null },
    };
  }
  const declared = normaliseContentType(declaredType);
  if (declared !== detected) {
    return {
      ok: false,
      message: `the file says it is ${declared || 'of no type'} but its content is ${LABEL[detected]}`,
      reason: 'FILE_TYPE_MISMATCH',
      params: { declared: declared || null, detected: LABEL[detected] },
    };
  }
  return { ok: true, type: detected };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (n >= 1024) return `${Math.ceil(n / 1024)} KiB`;
  return `${n} bytes`;
}

/** Largest base64 text (without whitespace) whose decoded size can still be within `maxBytes`. */
export function maxBase64Length(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4;
}

/**
 * A file name safe to show and to put in a Content-Disposition header — never used as a path:
 * the last path segment only, no control or reserved characters, no leading dots, at most 100
 * characters, and the extension of the detected type (so `invoice.pdf.jpg` that is a PNG becomes
 * `invoice.pdf.png`, and `../../etc/passwd` becomes `passwd.jpg`).
 */
export function sanitizeFileName(name: string | null | undefined, type: AttachmentContentType): string {
  const ext = EXTENSION[type];
  let base = (name ?? '').normalize('NFC');
  base = base.split(/[/\\]/).pop() ?? '';
  base = base
    // control characters become spaces; bidi overrides and characters reserved on common file systems go
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069<>:"|?*;%]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  // drop the declared extension when it is a known one; the detected type decides the extension
  base = base.replace(/\.(jpe?g|png|webp|pdf|gif|heic|html?|svg|exe|js)$/i, '').replace(/[.\s]+$/, '');
  if (!base) base = type === 'application/pdf' ? 'document' : 'photo';
  base = [...base].slice(0, 100).join('');
  return `${base}.${ext}`;
}

/** An ASCII-only variant for the `filename="…"` fallback of Content-Disposition. */
export function asciiFileName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
