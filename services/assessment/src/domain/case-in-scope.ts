import { AppError } from '@carelink/http';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import type { CaseRepository } from '../data-access/case-repository';
import type { CaseState } from './case';

/** A case the caller may act on, with its region's pack: 404 when unknown, 403 outside the jurisdiction. */
export async function caseInScope(
  caseId: string,
  deps: { cases: CaseRepository; policies: PolicyPacks; assertInJurisdiction: (code: string) => void },
): Promise<{ state: CaseState; pack: PolicyPack }> {
  const state = await deps.cases.get(caseId);
  if (!state) throw AppError.notFound('case', '个案');
  deps.assertInJurisdiction(state.address.township);
  const pack = deps.policies.get(state.region);
  if (!pack)
    throw new AppError('policy_pack_missing', 500, `no policy pack for region ${state.region}`, { catastrophic: true });
  return { state, pack };
}

/** 409 for a write that lost the race against another change of the same case. */
export const caseChanged = (c: CaseState) =>
  AppError.conflict(
    'case_changed',
    `case ${c.caseNumber} was changed by someone else; reload and try again`,
    '该申请已被他人更新，请刷新后重试',
  );
