import { buildEvent, RequestRegistered, topics } from '@carelink/contracts';
import type { StaffPrincipal } from '@carelink/auth';
import type { PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import type { PersonRepository } from '../../data-access/person-repository';
import type { RequestRepository } from '../../data-access/request-repository';
import {
  formatCaseNumber,
  overlappingItems,
  requestRegisteredData,
  validateRequest,
  type RegisterRequest,
} from './register-request';

export type RegisterOutcome =
  | { status: 'registered'; caseId: string; caseNumber: string; acknowledgement: { zh: string; en: string } }
  | { status: 'merged'; caseId: string; caseNumber: string; acknowledgement: { zh: string; en: string } };

export interface RegisterDeps {
  policies: PolicyPacks;
  requests: RequestRepository;
  persons: PersonRepository;
  now: () => Date;
  traceparent: () => string | undefined;
}

/** RegisterRequest use case: validate, file the person, merge duplicates, number the case, record the event. */
export async function registerRequest(
  command: RegisterRequest,
  by: StaffPrincipal,
  deps: RegisterDeps,
  assertInJurisdiction: (code: string) => void,
): Promise<RegisterOutcome> {
  const now = deps.now();
  const validated = validateRequest(command, deps.policies.get(command.region), now);
  assertInJurisdiction(command.address.township);
  const personId = await deps.persons.upsert({ region: validated.pack.region, ...validated.applicant });

  const open = await deps.requests.openRequestsOf(personId);
  const overlap = overlappingItems(validated.itemCodes, open);
  if (overlap.length === validated.itemCodes.length) {
    const existing = open.find((r) => overlap.some((c) => r.itemCodes.includes(c)))!;
    return {
      status: 'merged',
      caseId: existing._id,
      caseNumber: existing.caseNumber,
      acknowledgement: {
        zh: `您申请的服务已在办理中（受理编号 ${existing.caseNumber}），无需重复申请。`,
        en: `These items are already being handled under case ${existing.caseNumber}; no new case was opened.`,
      },
    };
  }

  const year = Number(now.toISOString().slice(0, 4));
  const sequence = await deps.requests.nextSequence(
    `${validated.pack.caseNumberPrefix}-${validated.countyCode}-${year}`,
  );
  const caseNumber = formatCaseNumber(validated.pack.caseNumberPrefix, validated.countyCode, year, sequence);
  const caseId = uuidv7();
  const data = requestRegisteredData({
    caseId,
    caseNumber,
    personId,
    command,
    validated,
    registeredAt: now,
    registeredBy: by.sub,
  });
  const event = buildEvent(RequestRegistered, {
    source: '/carelink/intake',
    key: caseId,
    data,
    time: now,
    traceparent: deps.traceparent(),
  });
  await deps.requests.insert(
    {
      _id: caseId,
      caseNumber,
      region: data.region,
      channel: data.channel,
      personId,
      applicant: {
        name: data.applicant.name,
        idNumberMasked: data.applicant.idNumberMasked,
        birthDate: data.applicant.birthDate,
        sex: data.applicant.sex,
      },
      ...(data.proxy ? { proxy: data.proxy } : {}),
      address: data.address,
      declaredGroups: data.declaredGroups,
      declaredConditions: data.declaredConditions,
      itemCodes: validated.itemCodes,
      ...(data.description ? { description: data.description } : {}),
      status: 'registered',
      registeredAt: now,
      registeredBy: by.sub,
    },
    [{ topic: topics.intakeRequests, event }],
  );
  return {
    status: 'registered',
    caseId,
    caseNumber,
    acknowledgement: {
      zh: `您的申请已受理，受理编号 ${caseNumber}。工作人员将在规定时间内入户调查，请保持电话畅通。`,
      en: `Your request was registered as case ${caseNumber}. Staff will visit for the home investigation.`,
    },
  };
}
