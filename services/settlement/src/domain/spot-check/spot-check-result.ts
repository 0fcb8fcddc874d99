import { DomainError, type ProblemItem } from '@carelink/contracts';

/**
 * The result of checking one sampled service (检查, 监督管理): how it was checked (visiting the person, a phone call,
 * the records), what was found, and what each finding does to the service's statement lines: hold the line until
 * decided, or reverse it (never paid, the ledger's entries reversed). Called by the county's record-check use case;
 * the line actions go to the statements (hold / reverse, as complaint holds do) and the results into the yearly
 * supervision summary.
 */
export type CheckMethod = 'home_visit' | 'phone_call' | 'records';

/**
 * What a check can find: the service was not delivered, was shorter or less than recorded, was of poor quality,
 * its records are incomplete, the person did not confirm it, or something else (say what in the note).
 */
export type FindingKind =
  'not_delivered' | 'less_than_recorded' | 'poor_quality' | 'records_incomplete' | 'not_confirmed_by_person' | 'other';

/** What a finding does to the linked statement lines. */
export type LineAction = 'none' | 'hold' | 'reverse';

export interface Finding {
  kind: FindingKind;
  note: string;
  action: LineAction;
  /** The statement lines the finding holds or reverses (the visit's line, or an adjusting line). */
  lines: { statementId: string; lineId: string }[];
}

export interface SpotCheckResult {
  checkId: string;
  /** The visit checked. */
  serviceId: string;
  county: string;
  township: string;
  providerId: string;
  itemCode: string;
  year: number;
  /** Whether the service was in the year's drawn sample (a county may check more than the sample). */
  inSample: boolean;
  method: CheckMethod;
  checkedAt: string;
  checkedBy: string;
  /** None: the service was as recorded. */
  findings: Finding[];
  /** The hold lifted after a re-check or the provider's evidence cleared the visit (see `releaseHold`). */
  release?: HoldRelease;
}

/** Why and by whom a spot check's hold was released, and where the line then stood. */
export interface HoldRelease {
  reason: string;
  releasedBy: string;
  releasedAt: string;
  /** The state of the visit's statement when released: a draft pays the line itself, a confirmed one by an adjusting line. */
  statementState: 'draft' | 'confirmed' | 'approved' | 'paid';
}

export const methodNames: Record<CheckMethod, { zh: string; en: string }> = {
  home_visit: { zh: '入户回访', en: 'home visit' },
  phone_call: { zh: '电话回访', en: 'phone call' },
  records: { zh: '查阅档案', en: 'records' },
};

export const findingNames: Record<FindingKind, { zh: string; en: string }> = {
  not_delivered: { zh: '服务未提供', en: 'not delivered' },
  less_than_recorded: { zh: '服务时长或数量少于记录', en: 'less than recorded' },
  poor_quality: { zh: '服务质量不达标', en: 'poor quality' },
  records_incomplete: { zh: '服务记录不完整', en: 'records incomplete' },
  not_confirmed_by_person: { zh: '服务对象未确认', en: 'not confirmed by the person' },
  other: { zh: '其他问题', en: 'other' },
};

/** Findings that mean the visit may not be paid as recorded: each must hold or reverse a line. */
const PAYMENT_FINDINGS: ReadonlySet<FindingKind> = new Set(['not_delivered', 'less_than_recorded']);

/**
 * A check as the county clerk records it, refused with every problem at once (400 `invalid_spot_check`): an
 * unknown method or finding, a finding without a note, a hold or reversal naming no line (or a line with no
 * action), a finding that the visit was not (fully) delivered that leaves its line paid.
 */
export function recordSpotCheck(
  input: Omit<SpotCheckResult, 'inSample'>,
  sample: { sample: readonly string[] },
): SpotCheckResult {
  const problems: ProblemItem[] = [];
  const problem = (path: string, code: string, zh: string, en: string) =>
    problems.push({ path, code, message: zh, messageEn: en });
  if (!Object.hasOwn(methodNames, input.method))
    problem(
      'method',
      'unknown_method',
      '请选择检查方式：入户回访、电话回访或查阅档案',
      'choose home visit, phone call or records',
    );
  input.findings.forEach((f, i) => {
    const at = `findings.${i}`;
    const known = Object.hasOwn(findingNames, f.kind);
    if (!known) problem(`${at}.kind`, 'unknown_finding', '请选择发现的问题类型', 'choose what was found');
    if (f.note.trim() === '') problem(`${at}.note`, 'note_required', '请说明检查发现的具体情况', 'say what was found');
    if (!['none', 'hold', 'reverse'].includes(f.action))
      problem(`${at}.action`, 'unknown_action', '请选择暂扣、冲销或不处理', 'choose hold, reverse or none');
    else if (f.action !== 'none' && f.lines.length === 0)
      problem(
        `${at}.lines`,
        'line_required',
        '暂扣或冲销须关联结算明细',
        'a hold or reversal names the statement lines',
      );
    else if (f.action === 'none' && f.lines.length > 0)
      problem(
        `${at}.action`,
        'action_required',
        '已关联结算明细，请选择暂扣或冲销',
        'linked lines are held or reversed',
      );
    if (known && PAYMENT_FINDINGS.has(f.kind) && f.action === 'none')
      problem(
        `${at}.action`,
        'payment_finding_needs_action',
        `“${findingNames[f.kind].zh}”须暂扣或冲销对应结算明细`,
        `“${findingNames[f.kind].en}” holds or reverses the visit's statement lines`,
      );
  });
  if (problems.length)
    throw DomainError.invalid(
      'invalid_spot_check',
      `the spot check cannot be recorded: ${problems.map((p) => `${p.path} ${p.code}`).join(', ')}`,
      '抽查结果填写有误，请按提示修改',
      problems,
    );
  return { ...input, inSample: sample.sample.includes(input.serviceId) };
}

/**
 * What the statements must do: each line a finding holds or reverses (a reversal wins over a hold of the line). A
 * released check holds nothing.
 */
export function lineActionsOf(
  results: readonly SpotCheckResult[],
): { statementId: string; lineId: string; action: 'hold' | 'reverse'; checkId: string; finding: FindingKind }[] {
  const byLine = new Map<
    string,
    { statementId: string; lineId: string; action: 'hold' | 'reverse'; checkId: string; finding: FindingKind }
  >();
  for (const r of results)
    for (const f of r.findings) {
      if (f.action === 'none' || (f.action === 'hold' && r.release)) continue;
      for (const line of f.lines) {
        const key = `${line.statementId}\u0000${line.lineId}`;
        const current = byLine.get(key);
        if (!current || (current.action === 'hold' && f.action === 'reverse'))
          byLine.set(key, { ...line, action: f.action, checkId: r.checkId, finding: f.kind });
      }
    }
  return [...byLine.values()];
}

/** What the spot checks do to one visit's line: hold it or reverse it, and which check found what. */
export interface SpotCheckEffect {
  action: 'hold' | 'reverse';
  checkId: string;
  finding: FindingKind;
}

/** The effects on visit lines (line id = visit id) of the checks recorded, by visit id, via `lineActionsOf`. */
export function spotCheckEffects(results: readonly SpotCheckResult[]): Map<string, SpotCheckEffect> {
  return new Map(
    lineActionsOf(results).map(({ lineId, action, checkId, finding }) => [lineId, { action, checkId, finding }]),
  );
}
