import type { EventOf, RequestRegistered } from '@carelink/contracts';
import type { KnownCase } from '../complaint';

/** RememberCase: a registered request becomes an entry of the case directory complaints are checked against. */
export function knownCaseOf(registered: EventOf<typeof RequestRegistered>): KnownCase {
  const d = registered.data;
  return {
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    region: d.region,
    township: d.address.township,
    personId: d.applicant.personId,
  };
}
