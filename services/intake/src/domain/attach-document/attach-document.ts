import {
  attachmentKind,
  DocumentAttached,
  DomainError,
  draft,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { missingDocuments, requiredDocumentsOf, type DocumentType, type PolicyPack } from '@carelink/policy';
import type { z } from 'zod';
import type { FollowedRequest } from '../follow-progress/follow-progress';

/** What an attachment is, in the one-person-one-file (一人一档) sense: defined once, with its event, in contracts. */
export { attachmentKind };
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

/** An attachment as stored, and the request it belongs to: what is said about it. */
export interface AttachedDocument {
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  attachmentId: string;
  kind: AttachmentKind;
  attachedBy: string;
  attachedAt: Date;
}

/**
 * AttachDocument, said: the request's documents changed (document.attached.v1), so that assessment checks the
 * region's required documents on what is on file. The request itself does not change; the event id derives
 * from the attachment, so saying it again says it once.
 */
export function decideDocumentAttached(
  current: FollowedRequest | undefined,
  attached: AttachedDocument,
  ctx: UseCaseContext,
): Decision<FollowedRequest> {
  if (!current) throw DomainError.notFound('request', '申请');
  return {
    events: [
      draft(topics.intakeRequests, DocumentAttached, {
        key: attached.caseId,
        id: ctx.derivedId(attached.attachmentId, DocumentAttached.type),
        data: {
          caseId: attached.caseId,
          caseNumber: attached.caseNumber,
          region: attached.region,
          township: attached.township,
          attachmentId: attached.attachmentId,
          kind: attached.kind,
          attachedBy: attached.attachedBy,
          attachedAt: attached.attachedAt.toISOString(),
        },
      }),
    ],
  };
}

/** Per requested item, the documents the region requires and those not on file; `missing` is all of them once. */
export interface RequestDocuments {
  items: { itemCode: string; required: DocumentType[]; missing: DocumentType[] }[];
  missing: DocumentType[];
}

export function requestDocuments(
  pack: PolicyPack,
  itemCodes: readonly string[],
  kindsOnFile: Iterable<string>,
): RequestDocuments {
  const onFile = [...kindsOnFile];
  const lacking = missingDocuments(pack, itemCodes, onFile);
  const items = itemCodes.map((itemCode) => ({
    itemCode,
    required: requiredDocumentsOf(pack, itemCode),
    missing: lacking.find((m) => m.itemCode === itemCode)?.documents ?? [],
  }));
  return { items, missing: [...new Set(items.flatMap((i) => i.missing))] };
}
