import { buildEvent, RequestAcknowledged, RequestRegistered, topics } from '@carelink/contracts';
import type { StaffPrincipal } from '@carelink/auth';
import type { PolicyPacks } from '@carelink/policy';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { AppError } from '@carelink/http';
import type { PersonRepository } from '../../data-access/person-repository';
import type { RequestRepository } from '../../data-access/request-repository';
import {
  acknowledgementMessage,
  formatCaseNumber,
  planRegistration,
  requestRegisteredData,
  validateRequest,
  type RegisterRequest,
} from './register-request';

export interface RegisterOutcome {
  status: 'registered' | 'merged';
  /** True when this answers a retry: the same Idempotency-Key from the same caller already registered it. */
  replayed?: boolean;
  caseId: string;
  caseNumber: string;
  mergedItems: { itemCode: string; caseNumber: string }[];
  acknowledgement: { zh: string; en: string };
}

export interface RegisterDeps {
  policies: PolicyPacks;
  requests: RequestRepository;
  persons: PersonRepository;
  now: () => Date;
  traceparent: () => string | undefined;
}

const IDEMPOTENCY_NAMESPACE = '8f0b6c1e-2d4a-4f7b-9e3c-5a6d7e8f9a0b';

/** What a caller's Idempotency-Key stands for: the same key from the same caller, the same case and events. */
function idempotentIds(callerId: string, key: string) {
  const id = (what: string) => uuidv5(`${callerId}|${key}|${what}`, IDEMPOTENCY_NAMESPACE);
  return { caseId: id('case'), registeredEventId: id('registered'), acknowledgedEventId: id('acknowledged') };
}

/**
 * RegisterRequest use case: validate, file the person, merge items already open, number the case, and
 * record the registration and its acknowledgement. One person's registrations run one at a time.
 * With an Idempotency-Key, a retry (a channel that timed out waiting) gets the first answer back
 * (`replayed: true`) and nothing is registered twice; the same key for another person is refused.
 */
export async function registerRequest(
  command: RegisterRequest,
  by: StaffPrincipal,
  deps: RegisterDeps,
  assertInJurisdiction: (code: string) => void,
  idempotencyKey?: string,
): Promise<RegisterOutcome> {
  const now = deps.now();
  const checked = validateRequest(command, deps.policies.get(command.region), now);
  assertInJurisdiction(command.address.township);
  const personId = await deps.persons.upsert({ region: checked.pack.region, ...checked.applicant });
  const ids = idempotencyKey ? idempotentIds(by.sub, idempotencyKey) : undefined;
  return deps.persons.serialised(personId, async () => {
    const open = await deps.requests.openRequestsOf(personId);
    if (ids) {
      const earlier = open.find((r) => r._id === ids.caseId) ?? (await deps.requests.findById(ids.caseId));
      if (earlier) return replayOf(earlier, personId);
    }
    const plan = planRegistration(checked.itemCodes, open);
    const mergedItems = plan.merged.map(({ itemCode, caseNumber }) => ({ itemCode, caseNumber }));
    const acknowledge = (caseId: string, caseNumber: string, outcome: 'registered' | 'merged') => {
      const message = acknowledgementMessage(outcome === 'registered' ? caseNumber : undefined, mergedItems);
      const data = {
        caseId,
        caseNumber,
        channel: command.channel,
        outcome,
        mergedItems,
        message,
        acknowledgedAt: now.toISOString(),
      };
      return {
        message,
        event: {
          topic: topics.intakeRequests,
          event: buildEvent(RequestAcknowledged, {
            source: '/carelink/intake',
            key: caseId,
            data,
            time: now,
            traceparent: deps.traceparent(),
          }),
        },
      };
    };

    if (plan.newItems.length === 0) {
      const first = plan.merged[0]!;
      const ack = acknowledge(first.caseId, first.caseNumber, 'merged');
      await deps.requests.appendEvents(first.caseId, [ack.event]);
      return {
        status: 'merged',
        caseId: first.caseId,
        caseNumber: first.caseNumber,
        mergedItems,
        acknowledgement: ack.message,
      };
    }

    const validated = { ...checked, itemCodes: plan.newItems };
    const year = Number(now.toISOString().slice(0, 4));
    const sequence = await deps.requests.nextSequence(
      `${validated.pack.caseNumberPrefix}-${validated.countyCode}-${year}`,
    );
    const caseNumber = formatCaseNumber(validated.pack.caseNumberPrefix, validated.countyCode, year, sequence);
    const caseId = ids?.caseId ?? uuidv7();
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
      ...(ids ? { id: ids.registeredEventId } : {}),
      source: '/carelink/intake',
      key: caseId,
      data,
      time: now,
      traceparent: deps.traceparent(),
    });
    const ack = acknowledge(caseId, caseNumber, 'registered');
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
        household: validated.household.map(({ idNumber, ...member }) => ({
          ...member,
          ...(idNumber ? { idNumberSealed: deps.persons.seal(idNumber) } : {}),
        })),
        address: data.address,
        declaredGroups: data.declaredGroups,
        declaredConditions: data.declaredConditions,
        itemCodes: validated.itemCodes,
        ...(data.description ? { description: data.description } : {}),
        status: 'registered',
        registeredAt: now,
        registeredBy: by.sub,
        consent: data.consent,
      },
      [{ topic: topics.intakeRequests, event }, ack.event],
    );
    return { status: 'registered', caseId, caseNumber, mergedItems, acknowledgement: ack.message };
  });
}

/** The answer the first registration under an Idempotency-Key gave. */
function replayOf(earlier: { _id: string; caseNumber: string; personId: string }, personId: string): RegisterOutcome {
  if (earlier.personId !== personId)
    throw AppError.unprocessable(
      'idempotency_key_reused',
      'this Idempotency-Key was used for another person’s request; use a new key for a new request',
      '请求标识已用于其他人的申请，请重新提交',
    );
  return {
    status: 'registered',
    replayed: true,
    caseId: earlier._id,
    caseNumber: earlier.caseNumber,
    mergedItems: [],
    acknowledgement: acknowledgementMessage(earlier.caseNumber, []),
  };
}
