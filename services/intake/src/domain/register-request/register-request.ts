import {
  ageInFullYears,
  channel,
  DomainError,
  draft,
  maskResidentId,
  parseResidentId,
  phoneNumber,
  RequestAcknowledged,
  RequestRegistered,
  residentIdProblemText,
  targetGroup,
  assistanceStatusDeclaration,
  topics,
  type Decision,
  type EventData,
  type UseCaseContext,
  freeText,
} from '@carelink/contracts';
import {
  catalogueItemOf,
  documentNamesEn,
  documentNamesZh,
  placeOf,
  requiredDocumentsOf,
  type DocumentType,
  type PolicyPack,
} from '@carelink/policy';
import { z } from 'zod';
import { townshipCode, villageCode } from '../place-codes';
import { contactSharedEvents, type ContactPhone } from './share-contact';

/** RegisterRequest: what a window clerk, a village coordinator or a channel adapter submits. */
export const registerRequestCommand = z.object({
  region: z.string().min(1),
  channel,
  applicant: z.object({
    name: freeText().trim().min(1).max(50),
    idNumber: z.string().trim().min(1),
    phone: z.string().optional(),
    /**
     * How a channel got the phone: `shared_contact`, the resident shared their messenger account's number
     * (the messenger checked the account holds it); `typed`, typed or said and checked by nobody. Either way a
     * channel's phone is held unconfirmed on the person's file until the window or a code confirms it.
     */
    phoneSource: z.enum(['shared_contact', 'typed']).optional(),
  }),
  proxy: z.object({ name: freeText().trim().min(1).max(50), relation: freeText().trim().min(1).max(20) }).optional(),
  /** Household members (家庭成员): relation to the applicant, and ID number where known. */
  household: z
    .array(
      z.object({
        name: freeText().trim().min(1).max(50),
        relation: freeText().trim().min(1).max(20),
        idNumber: z.string().trim().min(1).optional(),
      }),
    )
    .max(20)
    .default([]),
  address: z.object({
    township: townshipCode,
    village: villageCode.optional(),
    detail: z.string().max(200).optional(),
  }),
  /** The assistance statuses the applicant names (低保, 特困 …); none when they declare none or are not sure. */
  declaredGroups: z.array(targetGroup).default([]),
  /** `declared` (the default when statuses are named), `none` or `not_sure` (不清楚): then no statuses. */
  declaredStatus: assistanceStatusDeclaration.optional(),
  declaredConditions: z.array(z.string().min(1)).default([]),
  items: z.array(z.string().min(1)).min(1, 'at least one service item').max(20),
  description: freeText().max(2000).optional(),
  /**
   * Whether the applicant (or the proxy for them) agrees that their data goes to the department or provider
   * that will serve them (个人信息共享同意). Without it the township must record a reason to refer.
   */
  consentToShare: z.boolean().default(false),
});
export type RegisterRequest = z.infer<typeof registerRequestCommand>;

export interface ValidatedApplicant {
  idNumber: string;
  idNumberMasked: string;
  /** From the ID number, for the age on the day of registration; never stored or sent beside the mask. */
  birthDate: string;
  name: string;
  phone?: string;
}

/** A household member as checked: the birth date (from the ID number) only until the age is taken. */
export interface ValidatedMember {
  name: string;
  relation: string;
  idNumber?: string;
  idNumberMasked?: string;
  birthDate?: string;
}

/** A household member as the request keeps them: the age on the day of registration, no birth date. */
export interface HouseholdMember {
  name: string;
  relation: string;
  idNumber?: string;
  idNumberMasked?: string;
  ageAtRegistration?: number;
}

export interface ValidatedRequest {
  pack: PolicyPack;
  applicant: ValidatedApplicant;
  household: ValidatedMember[];
  countyCode: string;
  itemCodes: string[];
  declaredStatus: DeclaredStatus;
}

export type DeclaredStatus = z.infer<typeof assistanceStatusDeclaration>;

/** Open until eligibility is decided: items of an open request are merged there, not opened twice. */
export type RequestStatus = 'registered' | 'decided';

type Registered = EventData<typeof RequestRegistered>;

/** A registered service request (受理登记), as registering decides it. */
export interface ServiceRequest {
  caseId: string;
  caseNumber: string;
  region: string;
  channel: Registered['channel'];
  personId: string;
  applicant: Omit<Registered['applicant'], 'personId'>;
  proxy?: { name: string; relation: string };
  /** Household members with their ID numbers where known (data-access seals them at rest). */
  household: HouseholdMember[];
  address: Registered['address'];
  declaredGroups: string[];
  /** Absent on requests stored before v3: they named their statuses. */
  declaredStatus?: DeclaredStatus;
  declaredConditions: string[];
  itemCodes: string[];
  description?: string;
  /** How the channel got the applicant's phone, when it gave one (see the command). */
  phoneSource?: 'shared_contact' | 'typed';
  status: RequestStatus;
  registeredAt: Date;
  registeredBy: string;
  consent: Registered['consent'];
}

/** A request of the person not yet decided, as far as merging goes. */
export interface OpenRequest {
  caseId: string;
  caseNumber: string;
  personId: string;
  itemCodes: string[];
}

/** A requested item already open in another request of the same person. */
export interface MergedItem {
  itemCode: string;
  caseId: string;
  caseNumber: string;
}

export interface RegisterOutcome {
  status: 'registered' | 'merged';
  /** True when this answers a retry: the same Idempotency-Key from the same caller already registered it. */
  replayed?: boolean;
  caseId: string;
  caseNumber: string;
  mergedItems: { itemCode: string; caseNumber: string }[];
  acknowledgement: { zh: string; en: string };
}

/** Checks a request against the region's pack; throws a DomainError with a clerk's and a resident's message. */
export function validateRequest(command: RegisterRequest, pack: PolicyPack | undefined, today: Date): ValidatedRequest {
  if (!pack)
    throw DomainError.invalid('unknown_region', `region ${command.region} has no policy pack`, '所在地区尚未开通服务');
  const id = parseResidentId(command.applicant.idNumber, today);
  if (!id.ok)
    throw DomainError.invalid(
      'invalid_id_number',
      `applicant.idNumber: ${residentIdProblemText[id.problem].en}`,
      residentIdProblemText[id.problem].zh,
      [{ path: 'applicant.idNumber', problem: id.problem }],
    );
  const declaredStatus = declaredStatusOf(command);
  let phone: string | undefined;
  if (command.applicant.phone !== undefined) {
    const p = phoneNumber.safeParse(command.applicant.phone);
    if (!p.success)
      throw DomainError.invalid(
        'invalid_phone',
        'applicant.phone: not a valid mainland China phone number',
        '手机号码格式不正确',
      );
    phone = p.data;
  }
  const place = placeOf(pack, command.address.township, command.address.village);
  if (!place)
    throw DomainError.invalid(
      'unknown_place',
      `address: township ${command.address.township}${command.address.village ? ` / village ${command.address.village}` : ''} is not in ${pack.name.en}`,
      '所填乡镇(街道)或村(社区)不在本地区',
    );
  const unknown = command.items.filter((code) => !catalogueItemOf(pack, code));
  if (unknown.length > 0)
    throw DomainError.invalid(
      'unknown_service_item',
      `items not in the ${pack.name.en} catalogue: ${unknown.join(', ')}`,
      '所选服务事项不在本地区服务清单内',
    );
  const household = command.household.map((member, index) => {
    if (!member.idNumber) return { name: member.name, relation: member.relation };
    const m = parseResidentId(member.idNumber, today);
    if (!m.ok)
      throw DomainError.invalid(
        'invalid_id_number',
        `household.${index}.idNumber: ${residentIdProblemText[m.problem].en}`,
        `家庭成员${member.name}的${residentIdProblemText[m.problem].zh}`,
        [{ path: `household.${index}.idNumber`, problem: m.problem }],
      );
    if (m.facts.idNumber === id.facts.idNumber)
      throw DomainError.invalid(
        'member_is_applicant',
        `household.${index} is the applicant`,
        '家庭成员中不应再填写申请人本人',
      );
    return {
      name: member.name,
      relation: member.relation,
      idNumber: m.facts.idNumber,
      idNumberMasked: maskResidentId(m.facts.idNumber),
      birthDate: m.facts.birthDate,
    };
  });
  return {
    pack,
    household,
    countyCode: place.county.code,
    itemCodes: [...new Set(command.items)],
    declaredStatus,
    applicant: {
      idNumber: id.facts.idNumber,
      idNumberMasked: maskResidentId(id.facts.idNumber),
      birthDate: id.facts.birthDate,
      name: command.applicant.name,
      ...(phone ? { phone } : {}),
    },
  };
}

/**
 * What the applicant declares of their assistance status: the statuses named, or none, or not sure (the home
 * investigation checks the registers either way). Naming statuses and declaring none contradict each other.
 */
export function declaredStatusOf(command: Pick<RegisterRequest, 'declaredGroups' | 'declaredStatus'>): DeclaredStatus {
  const named = command.declaredGroups.length > 0;
  const status = command.declaredStatus ?? (named ? 'declared' : undefined);
  if (status === undefined || (status === 'declared' && !named))
    throw DomainError.invalid(
      'assistance_status_missing',
      'declaredGroups: name at least one assistance status, or set declaredStatus to none or not_sure',
      '请选择救助类别；没有或不清楚也可以选“没有”或“不清楚”',
      [{ path: 'declaredGroups', problem: 'missing' }],
    );
  if (status !== 'declared' && named)
    throw DomainError.invalid(
      'assistance_status_contradiction',
      `declaredStatus ${status} names no statuses, yet declaredGroups has ${command.declaredGroups.join(', ')}`,
      '救助类别和“没有/不清楚”只能选一种',
      [{ path: 'declaredStatus', problem: 'contradiction' }],
    );
  return status;
}

/** Household members as the request keeps them: each birth date turned into the age on the day of registration. */
export function householdAsRegistered(members: ValidatedMember[], registeredAt: Date): HouseholdMember[] {
  return members.map(({ birthDate, ...member }) => ({
    ...member,
    ...(birthDate ? { ageAtRegistration: ageInFullYears(birthDate, registeredAt) } : {}),
  }));
}

/** Case numbers read like CZ341702-2026-000123: region prefix, county code, year, sequence. */
export function formatCaseNumber(prefix: string, countyCode: string, year: number, sequence: number): string {
  return `${prefix}${countyCode}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function requestRegisteredData(input: {
  caseId: string;
  caseNumber: string;
  personId: string;
  command: RegisterRequest;
  validated: ValidatedRequest;
  registeredAt: Date;
  registeredBy: string;
}): EventData<typeof RequestRegistered> {
  const { command, validated } = input;
  return {
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    region: validated.pack.region,
    channel: command.channel,
    applicant: {
      personId: input.personId,
      name: validated.applicant.name,
      idNumberMasked: validated.applicant.idNumberMasked,
      ageAtRegistration: ageInFullYears(validated.applicant.birthDate, input.registeredAt),
    },
    ...(command.proxy ? { proxy: command.proxy } : {}),
    household: householdAsRegistered(validated.household, input.registeredAt).map((m) => ({
      relation: m.relation,
      ...(m.ageAtRegistration !== undefined ? { ageAtRegistration: m.ageAtRegistration } : {}),
    })),
    address: {
      county: validated.countyCode,
      township: command.address.township,
      ...(command.address.village ? { village: command.address.village } : {}),
      ...(command.address.detail ? { detail: command.address.detail } : {}),
    },
    declaredGroups: command.declaredGroups,
    declaredStatus: validated.declaredStatus,
    declaredConditions: command.declaredConditions,
    items: validated.itemCodes.map((itemCode) => ({ itemCode })),
    ...(command.description ? { description: command.description } : {}),
    registeredAt: input.registeredAt.toISOString(),
    registeredBy: input.registeredBy,
    consent: {
      given: command.consentToShare,
      givenBy: command.proxy ? 'proxy' : 'applicant',
      recordedAt: input.registeredAt.toISOString(),
    },
  };
}

/**
 * Items the person already has in an open request are merged there, not opened twice; the rest make
 * a new case.
 */
export function planRegistration(
  requested: string[],
  open: Pick<OpenRequest, 'caseId' | 'caseNumber' | 'itemCodes'>[],
): { newItems: string[]; merged: MergedItem[] } {
  const merged: MergedItem[] = [];
  const newItems: string[] = [];
  for (const itemCode of requested) {
    const existing = open.find((r) => r.itemCodes.includes(itemCode));
    if (existing) merged.push({ itemCode, caseId: existing.caseId, caseNumber: existing.caseNumber });
    else newItems.push(itemCode);
  }
  return { newItems, merged };
}

export function acknowledgementMessage(
  caseNumber: string | undefined,
  merged: { itemCode: string; caseNumber: string }[],
  /** The documents the region requires for the items registered, to have ready for the home visit. */
  documents: DocumentType[] = [],
): { zh: string; en: string } {
  const docsZh = documents.length
    ? `请准备以下材料，入户调查时交工作人员查验：${documents.map((d) => documentNamesZh[d]).join('、')}。`
    : '';
  const docsEn = documents.length
    ? ` Please have these documents ready for the home visit: ${documents.map((d) => documentNamesEn[d]).join(', ')}.`
    : '';
  const mergedZh = merged.length
    ? `其中${merged.length}项服务已在办理中（受理编号 ${[...new Set(merged.map((m) => m.caseNumber))].join('、')}），不再重复受理。`
    : '';
  const mergedEn = merged.length
    ? ` ${merged.length} item(s) are already being handled under ${[...new Set(merged.map((m) => m.caseNumber))].join(', ')} and were merged there.`
    : '';
  if (!caseNumber)
    return { zh: `您申请的服务已在办理中，无需重复申请。${mergedZh}`, en: `Nothing new was opened.${mergedEn}` };
  return {
    zh: `您的申请已受理，受理编号 ${caseNumber}。工作人员将在规定时间内入户调查，请保持电话畅通。${docsZh}${mergedZh}`,
    en: `Your request was registered as case ${caseNumber}. Staff will visit for the home investigation.${docsEn}${mergedEn}`,
  };
}

/** A registration made ready: the person filed, the items not open yet, a case number drawn. */
export interface NewRegistration {
  caseId: string;
  caseNumber: string;
  personId: string;
  command: RegisterRequest;
  /** The validated request, with only the items that are not open yet. */
  validated: ValidatedRequest;
  merged: MergedItem[];
  registeredBy: string;
  /** The phone to reach the applicant at, for the contact they may consent to share. */
  phone?: ContactPhone;
  /** Ids derived from an Idempotency-Key, so that a retry yields the same events. */
  eventIds?: { registered: string; acknowledged: string; contactShared?: string };
}

/**
 * RegisterRequest, decided: the new request with its registration and the acknowledgement the channel reads
 * out. A request already stored under this case id is an earlier registration under the same
 * Idempotency-Key: it is answered again (`replayed`), or refused when it was another person's.
 */
export function decideRegistration(
  current: ServiceRequest | undefined,
  registration: NewRegistration,
  ctx: UseCaseContext,
): Decision<ServiceRequest, RegisterOutcome> {
  if (current) return { result: replayOf(current, registration.personId) };
  const { caseId, caseNumber, personId, command, validated, registeredBy } = registration;
  const data = requestRegisteredData({
    caseId,
    caseNumber,
    personId,
    command,
    validated,
    registeredAt: ctx.now,
    registeredBy,
  });
  const { personId: _pseudonym, ...applicant } = data.applicant;
  const ack = acknowledgement(
    {
      caseId,
      caseNumber,
      channel: command.channel,
      outcome: 'registered',
      merged: registration.merged,
      documents: [...new Set(validated.itemCodes.flatMap((code) => requiredDocumentsOf(validated.pack, code)))],
    },
    ctx.now,
    registration.eventIds?.acknowledged,
  );
  return {
    state: {
      caseId,
      caseNumber,
      region: data.region,
      channel: data.channel,
      personId,
      applicant,
      ...(data.proxy ? { proxy: data.proxy } : {}),
      household: householdAsRegistered(validated.household, ctx.now),
      address: data.address,
      declaredGroups: data.declaredGroups,
      declaredStatus: data.declaredStatus,
      declaredConditions: data.declaredConditions,
      ...(command.applicant.phone && command.applicant.phoneSource
        ? { phoneSource: command.applicant.phoneSource }
        : {}),
      itemCodes: validated.itemCodes,
      ...(data.description ? { description: data.description } : {}),
      status: 'registered',
      registeredAt: ctx.now,
      registeredBy,
      consent: data.consent,
    },
    events: [
      draft(topics.intakeRequests, RequestRegistered, { key: caseId, data, id: registration.eventIds?.registered }),
      ack.event,
      // With consent only: the contact goes to referral, for the department that will serve the person.
      ...contactSharedEvents({
        registered: data,
        personId,
        phone: registration.phone,
        pack: validated.pack,
        id: registration.eventIds?.contactShared,
      }),
    ],
    result: { status: 'registered', caseId, caseNumber, mergedItems: ack.mergedItems, acknowledgement: ack.message },
  };
}

/**
 * Every requested item is open already: nothing new is opened, and the request the first item is open in
 * acknowledges the application (its state does not change).
 */
export function decideMerge(
  current: ServiceRequest | undefined,
  merge: { channel: RegisterRequest['channel']; merged: MergedItem[] },
  ctx: UseCaseContext,
): Decision<ServiceRequest, RegisterOutcome> {
  if (!current) throw DomainError.notFound('request', '申请');
  const { caseId, caseNumber } = current;
  const ack = acknowledgement(
    { caseId, caseNumber, channel: merge.channel, outcome: 'merged', merged: merge.merged },
    ctx.now,
  );
  return {
    events: [ack.event],
    result: { status: 'merged', caseId, caseNumber, mergedItems: ack.mergedItems, acknowledgement: ack.message },
  };
}

/** The answer the first registration under an Idempotency-Key gave, to a retry for the same person. */
export function replayOf(
  earlier: Pick<OpenRequest, 'caseId' | 'caseNumber' | 'personId'>,
  personId: string,
): RegisterOutcome {
  if (earlier.personId !== personId)
    throw DomainError.unprocessable(
      'idempotency_key_reused',
      'this Idempotency-Key was used for another person’s request; use a new key for a new request',
      '请求标识已用于其他人的申请，请重新提交',
    );
  return {
    status: 'registered',
    replayed: true,
    caseId: earlier.caseId,
    caseNumber: earlier.caseNumber,
    mergedItems: [],
    acknowledgement: acknowledgementMessage(earlier.caseNumber, []),
  };
}

/** The acknowledgement of an application, for the channel it came from to read out. */
function acknowledgement(
  to: {
    caseId: string;
    caseNumber: string;
    channel: RegisterRequest['channel'];
    outcome: 'registered' | 'merged';
    merged: MergedItem[];
    /** What the resident is to have ready (a new registration: the documents its items require). */
    documents?: DocumentType[];
  },
  now: Date,
  id?: string,
) {
  const mergedItems = to.merged.map(({ itemCode, caseNumber }) => ({ itemCode, caseNumber }));
  const message = acknowledgementMessage(
    to.outcome === 'registered' ? to.caseNumber : undefined,
    mergedItems,
    to.documents ?? [],
  );
  const event = draft(topics.intakeRequests, RequestAcknowledged, {
    key: to.caseId,
    id,
    data: {
      caseId: to.caseId,
      caseNumber: to.caseNumber,
      channel: to.channel,
      outcome: to.outcome,
      mergedItems,
      message,
      acknowledgedAt: now.toISOString(),
    },
  });
  return { mergedItems, message, event };
}
