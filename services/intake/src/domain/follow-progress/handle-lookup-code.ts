import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, nationalPhoneNumber } from '@carelink/contracts';
import type { IntakeContext, Records } from '../intake-records';
import { decidePhoneConfirmed, type ApplicantFile } from '../register-request/file-applicant';
import type { ResidentQuestion } from './find-resident-requests';
import {
  decideIssueLookupCode,
  decideUseLookupCode,
  lookupCodeRules,
  lookupCodeText,
  maskPhone,
  type LookupCode,
} from './lookup-code';

/** A text to a resident's phone. */
export interface ResidentText {
  to: string;
  body: string;
  purpose: 'look_up' | 'confirm_phone';
}

/**
 * Sends texts to residents' phones. carelink ships no SMS gateway: data-access records each text in an
 * outbox a gateway delivers from; tests use a double.
 */
export interface ResidentTexts {
  send(text: ResidentText): Promise<void>;
}

/** Whom a code may go to: the persons behind a phone or an ID number, and their confirmed phones. */
export interface CodeRecipients {
  personIdOf(idNumber: string): string;
  phoneIndexOf(phone: string): string;
  /** Files with this phone confirmed, with their region. */
  confirmedHoldersOf(phone: string): Promise<{ personId: string; region: string }[]>;
  /** Files holding this phone unconfirmed, with their region and confirmed phone. */
  pendingHoldersOf(phone: string): Promise<{ personId: string; region: string; phone?: string }[]>;
  /** A person's region and confirmed phone, if they have a file. */
  contactOf(personId: string): Promise<{ region: string; phone?: string } | null>;
}

export interface LookupCodeDeps {
  context: () => IntakeContext;
  persons: CodeRecipients;
  codes: Records<LookupCode>;
  /** Persons' files as confirming a phone changes them. */
  identity: Records<ApplicantFile>;
  texts: ResidentTexts;
  /** A random code of `lookupCodeRules.digits` digits. */
  newCode: () => string;
  /** Keyed digest of a code for a target (the code is never stored). */
  digest: (target: string, code: string) => string;
  /** A phone confirmed by a code sent to the phone on file: the change goes to the audit trail. */
  phoneConfirmed: (change: { personId: string; by: StaffPrincipal }) => Promise<void>;
}

/** What a question is keyed on: the phone's keyed index, or the person an ID number stands for. */
export function lookupTargetOf(
  question: ResidentQuestion,
  persons: Pick<CodeRecipients, 'personIdOf' | 'phoneIndexOf'>,
) {
  if ((question.phone === undefined) === (question.idNumber === undefined))
    throw DomainError.invalid(
      'phone_or_id_number',
      'give either phone or idNumber',
      '请提供手机号码或身份证号码（二选一）',
    );
  return question.idNumber
    ? `person:${persons.personIdOf(question.idNumber)}`
    : `phone:${persons.phoneIndexOf(question.phone!)}`;
}

/**
 * Texts a one-time code for a look-up to the confirmed phone on file: for an ID number, the person's; for a
 * phone, that phone where a file of the caller's region has it confirmed, and the confirmed phone of a file
 * holding it unconfirmed (to confirm it). The answer is the same whether or not anything was sent, so that
 * nobody learns from it who is on file.
 */
export async function sendLookupCode(
  question: ResidentQuestion,
  by: StaffPrincipal,
  deps: LookupCodeDeps,
): Promise<{ expiresInSeconds: number; message: { zh: string; en: string } }> {
  const target = lookupTargetOf(question, deps.persons);
  const { policies } = deps.context();
  const regionName = policies.get(by.region)?.name.zh ?? '';
  const texts: Omit<ResidentText, 'body'>[] = [];
  const personIds: string[] = [];
  const confirming: string[] = [];
  if (question.idNumber) {
    const personId = deps.persons.personIdOf(question.idNumber);
    const contact = await deps.persons.contactOf(personId);
    if (contact?.region === by.region && contact.phone) {
      personIds.push(personId);
      texts.push({ to: contact.phone, purpose: 'look_up' });
    }
  } else {
    const phone = question.phone!;
    const confirmed = (await deps.persons.confirmedHoldersOf(phone)).filter((p) => p.region === by.region);
    personIds.push(...confirmed.map((p) => p.personId));
    if (confirmed.length > 0) texts.push({ to: nationalPhoneNumber(phone), purpose: 'look_up' });
    for (const holder of await deps.persons.pendingHoldersOf(phone))
      if (holder.region === by.region && holder.phone && !personIds.includes(holder.personId)) {
        confirming.push(holder.personId);
        texts.push({ to: holder.phone, purpose: 'confirm_phone' });
      }
  }
  const code = deps.newCode();
  await deps.codes.commit(target, (current, ctx) =>
    decideIssueLookupCode(
      current,
      { codeDigest: deps.digest(target, code), region: by.region, personIds, confirming },
      ctx,
    ),
  );
  const sentTo = new Set<string>();
  for (const text of texts) {
    if (sentTo.has(text.to)) continue;
    sentTo.add(text.to);
    const body =
      text.purpose === 'look_up'
        ? lookupCodeText(code, { purpose: 'look_up' }, regionName)
        : lookupCodeText(code, { purpose: 'confirm_phone', newPhoneMasked: maskPhone(question.phone!) }, regionName);
    await deps.texts.send({ ...text, body });
  }
  return {
    expiresInSeconds: lookupCodeRules.ttlSeconds,
    message: {
      zh: '如果号码已在档案中登记并核实，验证码短信已发送到档案登记的手机，5分钟内有效。没有收到短信，请到乡镇（街道）窗口核实手机号码，或转人工服务。',
      en: 'If the number is on file and confirmed, a code was texted to the phone on file (valid 5 minutes). No text? Have the phone confirmed at the township window, or ask for an operator.',
    },
  };
}

/**
 * Checks the code a caller typed in for a look-up, and gives the persons it answers for. A right code for a
 * phone held unconfirmed (sent to the phone on file) confirms that phone. Anything else is refused with
 * 403 `verification_failed`, the same whatever the reason.
 */
export async function checkLookupCode(
  question: ResidentQuestion,
  code: string | undefined,
  by: StaffPrincipal,
  deps: LookupCodeDeps,
): Promise<string[]> {
  const target = lookupTargetOf(question, deps.persons);
  if (!code)
    throw DomainError.forbidden(
      'verification_required',
      'a look-up by phone or ID number needs the one-time code texted to the phone on file (POST /residents/lookup-codes)',
      '为保护您的信息，请先获取并输入发送到档案登记手机的验证码',
    );
  const checked = await deps.codes.commit(target, (current, ctx) =>
    decideUseLookupCode(current, { codeDigest: deps.digest(target, code), region: by.region }, ctx),
  );
  if (!checked.ok)
    throw DomainError.forbidden(
      'verification_failed',
      'the code is wrong, used or expired: ask for a new one',
      '验证码不正确或已过期，请重新获取验证码',
    );
  const confirmed: string[] = [];
  for (const personId of checked.confirming) {
    const done = await deps.identity.commit(personId, (current, ctx) =>
      decidePhoneConfirmed(current, { phone: question.phone! }, ctx),
    );
    if (done) {
      confirmed.push(personId);
      await deps.phoneConfirmed({ personId, by });
    }
  }
  return [...checked.personIds, ...confirmed];
}
