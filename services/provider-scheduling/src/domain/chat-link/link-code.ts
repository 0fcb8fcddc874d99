/** How long a chat link code may be used (local choice: a code is given in person or by phone, used the same day). */
export const LINK_CODE_HOURS = 72;

/**
 * A one-time chat link code as kept with whoever it links (a neighbour, a village coordinator, a worker): its index
 * (the code itself is answered once and never stored) and when it stops working.
 */
export interface ChatLinkCode {
  index: string;
  expiresAt: string;
}

/** The code issued now under `codeIndex`; it replaces any earlier one. */
export function issuedLinkCode(codeIndex: string, now: Date): ChatLinkCode {
  return { index: codeIndex, expiresAt: new Date(now.getTime() + LINK_CODE_HOURS * 3600_000).toISOString() };
}

/** Whether a code sent from a chat (by its index) is the one kept, and sent before it expired. */
export function linkCodeAccepted(kept: ChatLinkCode | undefined, codeIndex: string, now: Date): boolean {
  return kept !== undefined && kept.index === codeIndex && kept.expiresAt > now.toISOString();
}
