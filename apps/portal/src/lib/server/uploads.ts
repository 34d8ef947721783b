import type { Cookies } from '@sveltejs/kit';
import { ATTACHMENT_MAX_BYTES } from '@asn/domain';
import { api, failure, refusal } from './api';
import { UploadAttachmentDocument, type UploadAttachmentInput } from '$lib/graphql/generated';

/** The files a form's `file` input sent (an empty input sends one empty part, which is not a file). */
export function chosenFiles(f: FormData): File[] {
  return f.getAll('file').filter((x): x is File => x instanceof File && x.size > 0);
}

/** The first file over the size limit (the API checks again). */
export function oversized(files: readonly File[]): File | undefined {
  return files.find((x) => x.size > ATTACHMENT_MAX_BYTES);
}

/** The refusal of a form with no file chosen, or of a file over the limit (before anything is sent). */
export function noFile() {
  return refusal('BAD_USER_INPUT', 'FILE_REQUIRED');
}
export function tooLarge(file: File) {
  return refusal('BAD_USER_INPUT', 'FILE_TOO_LARGE', { sizeBytes: file.size, maxBytes: ATTACHMENT_MAX_BYTES }, { fileName: file.name });
}

type Described = Omit<UploadAttachmentInput, 'fileName' | 'contentBase64' | 'contentType'> & { contentType?: string };

/**
 * Uploads each file in turn (base64, ADR 0006), described by `describe`; stops at the first the
 * API refuses and says which, with how many went through before it. The content type is the
 * browser's guess unless `describe` gives one; the API detects it from the bytes and refuses a mismatch.
 */
export async function uploadEach(
  cookies: Cookies,
  files: readonly File[],
  describe: (file: File, i: number) => Described,
): Promise<{ attached: number; refused?: ReturnType<typeof failure> }> {
  let attached = 0;
  for (const [i, file] of files.entries()) {
    const { contentType, ...rest } = describe(file, i);
    try {
      const contentBase64 = Buffer.from(await file.arrayBuffer()).toString('base64');
      await api(
        UploadAttachmentDocument,
        { input: { ...rest, fileName: file.name, contentType: contentType ?? (file.type || 'application/octet-stream'), contentBase64 } },
        { cookies, upload: true },
      );
      attached += 1;
    } catch (e) {
      const why = failure(e);
      return { attached, refused: { ...why, error: `${file.name}: ${why.error}`, fileName: file.name } };
    }
  }
  return { attached };
}
