import { AppError } from '@carelink/http';
import { z } from 'zod';

/** What an attachment is, in the one-person-one-file (一人一档) sense. */
export const attachmentKind = z.enum([
  'id_card', // 身份证
  'household_register', // 户口本
  'illness_certificate', // 疾病证明
  'disability_certificate', // 残疾证
  'status_proof', // 社会救助对象相关证明
  'guardianship_proof', // 监护关系证明
  'evidence_photo', // 入户调查照片
  'voice_note', // 语音描述 (chat bot, hotline)
]);
export type AttachmentKind = z.infer<typeof attachmentKind>;

type MediaType =
  'image/jpeg' | 'image/png' | 'application/pdf' | 'audio/ogg' | 'audio/mpeg' | 'audio/amr' | 'audio/wav';

/** File signatures ("magic numbers") of the formats carelink accepts; the declared type must match them. */
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

const ALLOWED: Record<AttachmentKind, { types: MediaType[]; maxBytes: number }> = {
  id_card: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  household_register: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  illness_certificate: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  disability_certificate: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  status_proof: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  guardianship_proof: { types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
  evidence_photo: { types: ['image/jpeg', 'image/png'], maxBytes: 8 * 1024 * 1024 },
  voice_note: { types: ['audio/ogg', 'audio/mpeg', 'audio/amr', 'audio/wav'], maxBytes: 5 * 1024 * 1024 },
};

const KIND_NAMES: Record<AttachmentKind, string> = {
  id_card: '身份证',
  household_register: '户口本',
  illness_certificate: '疾病证明',
  disability_certificate: '残疾证',
  status_proof: '救助对象证明',
  guardianship_proof: '监护关系证明',
  evidence_photo: '调查照片',
  voice_note: '语音',
};

/** Checks an upload: non-empty, within the kind's size, and really of an accepted format. Returns its media type. */
export function checkAttachment(kind: AttachmentKind, declaredType: string | undefined, bytes: Buffer): MediaType {
  const rule = ALLOWED[kind];
  if (bytes.length === 0) throw AppError.badRequest('empty_file', 'the file is empty', '上传的文件是空的');
  if (bytes.length > rule.maxBytes)
    throw new AppError('file_too_large', 413, `a ${kind} file may be at most ${rule.maxBytes / 1024 / 1024} MB`, {
      messageZh: `${KIND_NAMES[kind]}文件不能超过${rule.maxBytes / 1024 / 1024}MB`,
    });
  const detected = SIGNATURES.find((s) => s.matches(bytes))?.type;
  if (!detected || !rule.types.includes(detected))
    throw new AppError(
      'unsupported_file_type',
      415,
      `a ${kind} must be one of ${rule.types.join(', ')}; this file is ${detected ?? 'of an unknown format'}`,
      {
        messageZh: `${KIND_NAMES[kind]}只支持${rule.types.map((t) => t.split('/')[1]).join('、')}格式`,
      },
    );
  const declared = declaredType?.split(';')[0]?.trim();
  if (declared && declared !== 'application/octet-stream' && declared !== detected)
    throw new AppError('content_type_mismatch', 415, `declared ${declared} but the file is ${detected}`, {
      messageZh: '文件格式与声明不符',
    });
  return detected;
}
