import { maskName, maskResidentId } from '@carelink/contracts';
import { catalogueItemOf, chinaDate, placeOf, type PolicyPack } from '@carelink/policy';
import { assistanceStatusOf } from '../assistance-status/assistance-status';
import type { CaseState } from '../case';

/**
 * The long-term public notice (长期公示) of service recipients that each village posts: who receives which
 * services since when, so neighbours can object through the hotline. Personal data is masked: the given
 * name keeps only its last character, the ID number only its first 3 and last 2 characters (341*************76).
 */
export interface NoticeEntry {
  village: string;
  villageName: string;
  name: string;
  idNumber: string;
  groups: string[];
  items: string[];
  approvedOn: string;
  caseNumber: string;
}

export interface PublicNotice {
  area: string;
  hotline?: string;
  entries: NoticeEntry[];
}

export const NOTICE_COLUMNS = [
  { key: 'villageName', header: '村(社区)' },
  { key: 'name', header: '姓名' },
  { key: 'idNumber', header: '身份证号' },
  { key: 'groups', header: '对象类别' },
  { key: 'items', header: '服务项目' },
  { key: 'approvedOn', header: '批准日期' },
  { key: 'caseNumber', header: '编号' },
] as const;

/** 王秀英 → 王*英 (defined once, in @carelink/contracts). */
export { maskName };

/**
 * The recipients of an area (a township, or one village of it): decided cases with at least one approved item
 * that dynamic management has not stopped. Newest approvals first within each village.
 */
export function publicNotice(cases: readonly CaseState[], pack: PolicyPack, area: string): PublicNotice {
  const entries: NoticeEntry[] = [];
  for (const c of cases) {
    if (c.status !== 'decided' || !(c.address.village ?? c.address.township).startsWith(area)) continue;
    const final = c.decisions[c.decisions.length - 1];
    if (!final) continue;
    const stopped = new Set((c.stoppedItems ?? []).map((s) => s.itemCode));
    const serving = final.items.filter((i) => i.approved && !stopped.has(i.itemCode));
    if (serving.length === 0) continue;
    const village = c.address.village ?? c.address.township;
    const place = placeOf(pack, c.address.township, c.address.village);
    entries.push({
      village,
      villageName: place?.village?.name ?? place?.township.name ?? village,
      name: maskName(c.person.name),
      // Masked by intake to the first 3 and last 2 characters; masked again, so a case opened from an older
      // registration never posts more.
      idNumber: maskResidentId(c.person.idNumberMasked),
      // The statuses the case was judged by: verified or reported by a register where so, else as declared.
      groups: assistanceStatusOf(c).groups.map((g) => pack.targetGroups.find((t) => t.code === g)?.name ?? g),
      items: serving.map((i) => catalogueItemOf(pack, i.itemCode)?.name.zh ?? i.itemCode),
      approvedOn: chinaDate(new Date(final.at)),
      caseNumber: c.caseNumber,
    });
  }
  entries.sort((a, b) => a.village.localeCompare(b.village) || b.approvedOn.localeCompare(a.approvedOn));
  return { area, ...(pack.hotline ? { hotline: pack.hotline } : {}), entries };
}
