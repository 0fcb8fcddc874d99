import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, isoDateTime, jurisdictionCode, regionId } from '../values';

/** What a document attached to a request is, in the one-person-one-file (一人一档) sense. */
export const attachmentKind = z
  .enum([
    'id_card', // 身份证
    'household_register', // 户口本
    'illness_certificate', // 疾病证明
    'disability_certificate', // 残疾证
    'status_proof', // 社会救助对象相关证明
    'guardianship_proof', // 监护关系证明
    'evidence_photo', // 入户调查照片
    'voice_note', // 语音描述 (chat bot, hotline)
  ])
  .describe('what the attachment is: a document the region may require, an investigation photo or a voice note');

export const DocumentAttached = defineEvent(
  'document.attached.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    township: jurisdictionCode,
    attachmentId: z.string().min(1).describe('the file in intake (GridFS); its bytes stay there'),
    kind: attachmentKind,
    attachedBy: z.string().min(1),
    attachedAt: isoDateTime,
  }),
  'A document, photo or voice note was attached to a request (一人一档): the township checks the documents the ' +
    'region requires against it before deciding.',
);
