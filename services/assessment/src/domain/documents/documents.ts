import type { Decision, DocumentAttached, EventOf } from '@carelink/contracts';
import { changed, type CaseState } from '../case';

/**
 * A document attached to the request is kept on its case (kind and attachment id), once: a redelivery, or a
 * document of a case assessment has not opened, changes nothing. The required documents are checked on these.
 */
export function decideDocumentAttached(
  current: CaseState | undefined,
  attached: EventOf<typeof DocumentAttached>,
): Decision<CaseState> {
  const d = attached.data;
  if (!current || current.documents?.some((doc) => doc.attachmentId === d.attachmentId)) return {};
  return {
    state: changed(current, {
      documents: [...(current.documents ?? []), { attachmentId: d.attachmentId, kind: d.kind, at: d.attachedAt }],
    }),
  };
}
