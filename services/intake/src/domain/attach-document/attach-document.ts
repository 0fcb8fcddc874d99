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

/** The formats an attachment may have (checked against the file's signature, not only its declared type). */
export type AttachmentFormat =
  'image/jpeg' | 'image/png' | 'application/pdf' | 'audio/ogg' | 'audio/mpeg' | 'audio/amr' | 'audio/wav';

/** What an upload of a kind must be: its name for messages (English code, Chinese), formats and size. */
export interface AttachmentRule {
  what: AttachmentKind;
  whatZh: string;
  types: AttachmentFormat[];
  maxBytes: number;
}

const ALLOWED: Record<AttachmentKind, { types: AttachmentFormat[]; maxBytes: number }> = {
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

/** The rule an upload of this kind is checked against: non-empty, within its size, really of an accepted format. */
export function attachmentRule(kind: AttachmentKind): AttachmentRule {
  return { what: kind, whatZh: KIND_NAMES[kind], ...ALLOWED[kind] };
}
