import { AppError } from './app-error';

/** Media types carelink accepts for uploads (documents, photos, voice notes and call recordings). */
export type MediaType =
  'image/jpeg' | 'image/png' | 'application/pdf' | 'audio/ogg' | 'audio/mpeg' | 'audio/amr' | 'audio/wav';

/** File signatures ("magic numbers") of the accepted formats; a declared type must match them. */
const SIGNATURES: { type: MediaType; matches: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', matches: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'audio/ogg', matches: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  {
    type: 'audio/mpeg',
    matches: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  },
  { type: 'audio/amr', matches: (b) => b.subarray(0, 6).toString('latin1') === '#!AMR\n' },
  {
    type: 'audio/wav',
    matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE',
  },
];

/** The media type the bytes really are, by signature. */
export function detectMediaType(bytes: Buffer): MediaType | undefined {
  return SIGNATURES.find((s) => s.matches(bytes))?.type;
}

export interface UploadRule {
  /** What the upload is, for messages: English code and Chinese name. */
  what: string;
  whatZh: string;
  types: MediaType[];
  maxBytes: number;
}

/** Checks an upload: non-empty, within size, really of an accepted format, as declared. Returns its media type. */
export function checkUpload(rule: UploadRule, declaredType: string | undefined, bytes: Buffer): MediaType {
  if (bytes.length === 0) throw AppError.badRequest('empty_file', 'the file is empty', '上传的文件是空的');
  if (bytes.length > rule.maxBytes)
    throw new AppError('file_too_large', 413, `a ${rule.what} file may be at most ${rule.maxBytes / 1024 / 1024} MB`, {
      messageZh: `${rule.whatZh}文件不能超过${rule.maxBytes / 1024 / 1024}MB`,
    });
  const detected = detectMediaType(bytes);
  if (!detected || !rule.types.includes(detected))
    throw new AppError(
      'unsupported_file_type',
      415,
      `a ${rule.what} must be one of ${rule.types.join(', ')}; this file is ${detected ?? 'of an unknown format'}`,
      { messageZh: `${rule.whatZh}只支持${rule.types.map((t) => t.split('/')[1]).join('、')}格式` },
    );
  const declared = declaredType?.split(';')[0]?.trim();
  if (declared && declared !== 'application/octet-stream' && declared !== detected)
    throw new AppError('content_type_mismatch', 415, `declared ${declared} but the file is ${detected}`, {
      messageZh: '文件格式与声明不符',
    });
  return detected;
}
