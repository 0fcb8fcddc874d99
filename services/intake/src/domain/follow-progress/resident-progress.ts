/**
 * Where a request stands, in plain words for the resident (查询进度): what the bot, the hotline and the
 * window read out. Intake follows the case's events and keeps the furthest stage reached; a later stage never
 * goes back to an earlier one when events of different topics arrive out of order.
 */
export const progressStages = {
  registered: {
    rank: 0,
    zh: '已受理登记，等待工作人员入户调查',
    ug: 'تىزىملاندى، خىزمەتچىلەرنىڭ ئۆيگە كېلىپ تەكشۈرۈشىنى ساقلاۋاتىدۇ',
    en: 'Registered; waiting for staff to visit your home',
  },
  investigating: {
    rank: 1,
    zh: '已安排工作人员上门调查',
    ug: 'خىزمەتچىلەرنىڭ ئۆيگە كېلىپ تەكشۈرۈشى ئورۇنلاشتۇرۇلدى',
    en: 'Staff have been assigned to visit your home',
  },
  investigated: {
    rank: 2,
    zh: '入户调查已完成，等待审核',
    ug: 'ئۆيگە كېلىپ تەكشۈرۈش تاماملاندى، تەستىقنى ساقلاۋاتىدۇ',
    en: 'Home visit done; waiting for the decision',
  },
  rejected: {
    rank: 3,
    zh: '未获批准，原因已告知',
    ug: 'تەستىقلانمىدى، سەۋەبى ئۇقتۇرۇلدى',
    en: 'Not approved; you have been told why',
  },
  approved: {
    rank: 3,
    zh: '已批准，正在安排服务',
    ug: 'تەستىقلاندى، مۇلازىمەت ئورۇنلاشتۇرۇلۇۋاتىدۇ',
    en: 'Approved; the service is being arranged',
  },
  referred: {
    rank: 4,
    zh: '已转给服务单位，等待对方安排',
    ug: 'مۇلازىمەت ئورنىغا يەتكۈزۈلدى، ئورۇنلاشتۇرۇشنى ساقلاۋاتىدۇ',
    en: 'Passed to the service provider; waiting for them to arrange it',
  },
  scheduled: {
    rank: 5,
    zh: '已安排上门服务',
    ug: 'ئۆيگە كېلىپ مۇلازىمەت قىلىش ئورۇنلاشتۇرۇلدى',
    en: 'A home service visit is scheduled',
  },
  in_service: {
    rank: 6,
    zh: '服务进行中',
    ug: 'مۇلازىمەت داۋاملىشىۋاتىدۇ',
    en: 'The service is under way',
  },
  completed: {
    rank: 7,
    zh: '服务已完成',
    ug: 'مۇلازىمەت تاماملاندى',
    en: 'The service has been completed',
  },
  stopped: {
    rank: 7,
    zh: '服务已停止',
    ug: 'مۇلازىمەت توختىتىلدى',
    en: 'The service has stopped',
  },
} as const;

export type ProgressStage = keyof typeof progressStages;

/** What intake keeps on a request to answer "where is my request". */
export interface ResidentProgress {
  stage: ProgressStage;
  at: string;
  approvedItems: string[];
  stoppedItems: string[];
  completedItems?: string[];
  /** The case's latest provider visits, newest first (what a resident may complain about by phone). */
  recentVisits?: RecentVisit[];
  /** The providers the case's items were referred to, newest first. */
  providers?: ReferredProvider[];
}

/** A provider's visit of the case, scheduled or delivered. */
export interface RecentVisit {
  visitId: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  /** When it was delivered, else when it is scheduled for. */
  at: string;
  delivered: boolean;
}

export interface ReferredProvider {
  providerId: string;
  itemCode: string;
  referredAt: string;
}

/** At most this many visits and providers are kept per case. */
export const RECENT_LIMIT = 5;

/** Something that happened to the case, as far as the resident's progress goes. */
export type ProgressFact =
  | {
      kind: 'reached';
      stage: Exclude<ProgressStage, 'approved' | 'rejected' | 'stopped' | 'completed'>;
      at: string;
      /** The visit that brought the case here (scheduled or delivered). */
      visit?: RecentVisit;
      /** The provider the item was referred to (a referral to a department names none). */
      provider?: ReferredProvider;
    }
  | { kind: 'decided'; items: readonly { itemCode: string; approved: boolean }[]; at: string }
  | { kind: 'items_stopped'; itemCodes: readonly string[]; at: string }
  | { kind: 'items_completed'; itemCodes: readonly string[]; at: string };

/**
 * The progress after a fact. A decision approves the case when at least one item is approved; the case
 * counts as finished only when every approved item has stopped or been completed: completed when any was
 * completed, else stopped.
 */
export function nextProgress(current: ResidentProgress | undefined, fact: ProgressFact): ResidentProgress {
  const base: ResidentProgress = current ?? { stage: 'registered', at: fact.at, approvedItems: [], stoppedItems: [] };
  switch (fact.kind) {
    case 'reached':
      return advance(noted(base, fact), fact.stage, fact.at);
    case 'decided': {
      const approvedItems = fact.items.filter((i) => i.approved).map((i) => i.itemCode);
      return advance({ ...base, approvedItems }, approvedItems.length > 0 ? 'approved' : 'rejected', fact.at);
    }
    case 'items_stopped':
    case 'items_completed': {
      const add = (list: string[] = []) => [...new Set([...list, ...fact.itemCodes])];
      const next =
        fact.kind === 'items_stopped'
          ? { ...base, stoppedItems: add(base.stoppedItems) }
          : { ...base, completedItems: add(base.completedItems) };
      const finished = [...next.stoppedItems, ...(next.completedItems ?? [])];
      const allFinished = next.approvedItems.length > 0 && next.approvedItems.every((code) => finished.includes(code));
      if (!allFinished) return next;
      return advance(next, (next.completedItems ?? []).length > 0 ? 'completed' : 'stopped', fact.at);
    }
  }
}

/**
 * The visit or provider a fact names, kept among the latest (newest first, at most RECENT_LIMIT): a visit
 * delivered replaces its scheduled self.
 */
function noted(p: ResidentProgress, fact: { visit?: RecentVisit; provider?: ReferredProvider }): ResidentProgress {
  let next = p;
  if (fact.visit) {
    const v = fact.visit;
    const others = (p.recentVisits ?? []).filter((x) => x.visitId !== v.visitId);
    const earlier = (p.recentVisits ?? []).find((x) => x.visitId === v.visitId);
    const kept = earlier?.delivered && !v.delivered ? earlier : v;
    const recentVisits = [...others, kept].sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT_LIMIT);
    next = { ...next, recentVisits };
  }
  if (fact.provider) {
    const r = fact.provider;
    const others = (p.providers ?? []).filter((x) => !(x.providerId === r.providerId && x.itemCode === r.itemCode));
    const providers = [...others, r].sort((a, b) => b.referredAt.localeCompare(a.referredAt)).slice(0, RECENT_LIMIT);
    next = { ...next, providers };
  }
  return next;
}

/** Moves to `stage` unless the case is already further (a tie takes the newer). */
function advance(p: ResidentProgress, stage: ProgressStage, at: string): ResidentProgress {
  return progressStages[stage].rank >= progressStages[p.stage].rank ? { ...p, stage, at } : p;
}

export function describeProgress(stage: ProgressStage): { code: ProgressStage; zh: string; ug: string; en: string } {
  const { zh, ug, en } = progressStages[stage];
  return { code: stage, zh, ug, en };
}
