import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, type Decision, type UseCaseContext } from '@carelink/contracts';
import { issuedLinkCode, type ChatLinkCode } from '../chat-link/link-code';

/**
 * A village coordinator (社会救助协理员) who linked, or is linking, their chat to receive the doorbell alerts of
 * their village: every coordinator of the village with a linked chat is alerted with the neighbours.
 */
export interface VillageCoordinator {
  coordinatorId: string;
  name: string;
  region: string;
  township: string;
  village: string;
  chatLinkedAt?: string;
  linkCode?: ChatLinkCode;
}

/** A coordinator asks for their own chat link code (from the console, signed in): kept by its index only. */
export function decideCoordinatorLinkCode(
  current: VillageCoordinator | undefined,
  { principal, codeIndex }: { principal: StaffPrincipal; codeIndex: string },
  ctx: UseCaseContext,
): Decision<VillageCoordinator, { expiresAt: string }> {
  if (principal.role !== 'village_coordinator' || principal.jurisdiction.length !== 12)
    throw DomainError.forbidden(
      'role_not_allowed',
      'only a village coordinator of one village links a chat for its doorbell alerts',
      '仅村（社区）协理员可绑定告警接收',
    );
  const linkCode = issuedLinkCode(codeIndex, ctx.now);
  return {
    state: {
      ...current,
      coordinatorId: principal.sub,
      name: principal.name ?? principal.sub,
      region: principal.region,
      township: principal.jurisdiction.slice(0, 9),
      village: principal.jurisdiction,
      linkCode,
    },
    result: { expiresAt: linkCode.expiresAt },
  };
}
