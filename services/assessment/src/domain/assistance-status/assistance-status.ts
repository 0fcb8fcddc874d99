import type { PolicyPack } from '@carelink/policy';
import type { CaseState, VerifiedStatus } from '../case';

/**
 * What a case's assistance status (服务对象类别) rests on: the applicant's word (`declared`), the home
 * investigation's check of the registers (`verified`), or a register's later report (`register`, dynamic
 * management). The newest checked source wins; the declaration counts only while nothing was checked.
 */
export type StatusBasis = 'declared' | 'verified' | 'register';

export interface AssistanceStatus {
  basis: StatusBasis;
  /** The statuses the region's rules judge the case by. */
  groups: string[];
  declared: { status: 'declared' | 'none' | 'not_sure'; groups: string[] };
  /** What the investigation confirmed, when it checked the registers. */
  verified?: VerifiedStatus[];
  register?: { groups: string[]; source: string; effectiveFrom: string };
}

export function assistanceStatusOf(state: CaseState): AssistanceStatus {
  const declared = { status: state.declaredStatus ?? 'declared', groups: state.declaredGroups };
  const result = state.investigation?.result;
  const verified = result?.verifiedStatuses;
  const register = state.registerStatus;
  const common = {
    declared,
    ...(verified ? { verified } : {}),
    ...(register
      ? { register: { groups: register.groups, source: register.source, effectiveFrom: register.effectiveFrom } }
      : {}),
  };
  // A register's report after the investigation (or with no check of the registers) is the newest word.
  if (register && (!verified || register.recordedAt >= result!.recordedAt))
    return { basis: 'register', groups: register.groups, ...common };
  if (verified) return { basis: 'verified', groups: [...new Set(verified.map((v) => v.status))], ...common };
  return { basis: 'declared', groups: declared.groups, ...common };
}

/** One sentence, in Chinese, of what was declared and what the rules go by, for the eligibility explanation. */
export function explainAssistanceStatus(status: AssistanceStatus, pack: PolicyPack): string {
  const groupName = (code: string) => pack.targetGroups.find((g) => g.code === code)?.name ?? code;
  const registerName = (code: string) => pack.statusRegisters.find((r) => r.code === code)?.name ?? code;
  const names = (codes: string[]) => (codes.length ? codes.map(groupName).join('、') : '无');
  const declared =
    status.declared.status === 'none'
      ? '申报：无救助身份'
      : status.declared.status === 'not_sure'
        ? '申报：不清楚'
        : `申报：${names(status.declared.groups)}`;
  if (status.basis === 'register')
    return `${declared}；${status.register!.source}自${status.register!.effectiveFrom}起登记为：${names(status.groups)}（按登记认定）`;
  if (status.basis === 'verified') {
    const found = status.verified!.length
      ? status
          .verified!.map((v) => `${groupName(v.status)}（${registerName(v.register)}，${v.documentRef}）`)
          .join('、')
      : '未核实到任何救助身份';
    return `${declared}；入户调查核实：${found}（按核实认定）`;
  }
  return `${declared}（尚未核实，按申报认定）`;
}
