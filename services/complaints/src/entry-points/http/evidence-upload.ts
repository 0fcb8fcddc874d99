import { checkUpload, type MediaType } from '@carelink/http';
import { z } from 'zod';

/** What a complaint's attachment is: a voice message (Telegram ogg/opus, IVR wav/mp3), a photo or a document. */
export const evidenceKind = z.enum(['voice_note', 'photo', 'document']);
export type EvidenceKind = z.infer<typeof evidenceKind>;

const RULES: Record<EvidenceKind, { whatZh: string; types: MediaType[]; maxBytes: number }> = {
  voice_note: {
    whatZh: '语音',
    types: ['audio/ogg', 'audio/mpeg', 'audio/amr', 'audio/wav'],
    maxBytes: 5 * 1024 * 1024,
  },
  photo: { whatZh: '照片', types: ['image/jpeg', 'image/png'], maxBytes: 8 * 1024 * 1024 },
  document: { whatZh: '材料', types: ['image/jpeg', 'image/png', 'application/pdf'], maxBytes: 8 * 1024 * 1024 },
};

/** Checks an upload the way intake checks its attachments (same signatures and messages). */
export function checkEvidence(kind: EvidenceKind, declaredType: string | undefined, bytes: Buffer): MediaType {
  return checkUpload({ what: kind, ...RULES[kind] }, declaredType, bytes);
}
