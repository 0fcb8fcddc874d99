import { DomainError, type Decision } from '@carelink/contracts';
import { catalogueItemOf, placeOf, type PolicyPack } from '@carelink/policy';
import { attemptOf, referralNotFound, type ReferralContext, type ReferralRecord } from '../referral';
import { sendToReceiver } from '../route-referral/send-to-receiver';
import { contactForDepartment, type SharedContactRecord } from '../share-contact/department-contact';

/**
 * A charity's monthly list (慈善救济, 000 三(六)7): the county passes the charity the people routed to it, and the
 * charity decides what to give. The list is minimised: the person's name, township and village, the item, what
 * they are listed as (老年人、孤儿 …), and their phone only where they consented to share it — never an ID
 * number. Only people who consented are on it.
 */
export interface CharityListRow {
  referralId: string;
  caseNumber: string;
  person: { name: string };
  township: string;
  townshipName: string;
  villageName: string | null;
  itemCode: string;
  itemName: string;
  category: string | null;
  phone: string | null;
  /** When the list with this person was handed over, and who handed it over; null while it is not. */
  handedOverAt: string | null;
  handedOverBy: string | null;
}

export const CHARITY_LIST_COLUMNS: { key: keyof CharityListRow; header: string }[] = [
  { key: 'caseNumber', header: '编号' },
  { key: 'person', header: '姓名' },
  { key: 'townshipName', header: '乡镇(街道)' },
  { key: 'villageName', header: '村(社区)' },
  { key: 'itemName', header: '服务事项' },
  { key: 'category', header: '救助类别' },
  { key: 'phone', header: '联系电话(本人同意提供)' },
  { key: 'handedOverAt', header: '移交时间' },
];

/** Whether a referral belongs on its charity's list: routed by the monthly list, with the person's consent. */
export const onCharityList = (r: ReferralRecord): boolean =>
  r.mode?.handover === 'monthly_list' &&
  r.sharingBasis?.basis === 'consent' &&
  (r.status === 'awaiting_list' || r.listedHandover !== undefined);

/** The rows of a charity's list from its referrals (those not on the list are left out). Pure. */
export function charityListRows(
  pack: PolicyPack,
  referrals: ReferralRecord[],
  contacts: ReadonlyMap<string, SharedContactRecord>,
): CharityListRow[] {
  return referrals.filter(onCharityList).map((r) => {
    const place = placeOf(pack, r.township, r.village);
    const contact = contactForDepartment(r, contacts.get(r.caseId));
    return {
      referralId: r.referralId,
      caseNumber: r.caseNumber,
      person: { name: r.person.name },
      township: r.township,
      townshipName: place?.township.name ?? r.township,
      villageName: place?.village?.name ?? null,
      itemCode: r.itemCode,
      itemName: catalogueItemOf(pack, r.itemCode)?.name.zh ?? r.itemCode,
      category: r.mode?.category ?? null,
      phone: contact?.phone?.number ?? null,
      handedOverAt: r.listedHandover?.at ?? null,
      handedOverBy: r.listedHandover?.by ?? null,
    };
  });
}

/**
 * HandOverListed: the county handed the charity's list over; a referral on it is now sent to the charity
 * (awaiting_list → requested, by whom and when, with its referral.created), and the charity answers it as any
 * receiver does. A referral handed over already, or no longer waiting for the list, is left as it is. Pure.
 */
export function handOverListed(
  current: ReferralRecord | undefined,
  by: string,
  ctx: ReferralContext,
): Decision<ReferralRecord, ReferralRecord> {
  if (!current) throw referralNotFound();
  if (current.status !== 'awaiting_list' || !current.route || !current.sharingBasis) return { result: current };
  if (current.sharingBasis.basis !== 'consent')
    throw DomainError.conflict(
      'charity_list_needs_consent',
      'only consented referrals go on a charity list',
      '慈善救济名单只列入本人同意共享信息的对象',
    );
  const at = ctx.now.toISOString();
  return sendToReceiver(
    current,
    {
      route: current.route,
      attempt: attemptOf(current),
      sharingBasis: current.sharingBasis,
      explanation: current.explanation,
      eventsBefore: [],
      history: [
        {
          from: 'awaiting_list',
          to: 'requested',
          attempt: attemptOf(current),
          by,
          at,
          reason: '县级民政部门移交慈善救济名单',
        },
      ],
      set: { listedHandover: { by, at } },
    },
    ctx,
  );
}
