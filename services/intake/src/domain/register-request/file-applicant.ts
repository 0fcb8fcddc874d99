import { nationalPhoneNumber, type Decision, type UseCaseContext } from '@carelink/contracts';
import type { RegisterRequest, ValidatedApplicant } from './register-request';
import { phoneToReach, type ContactPhone } from './share-contact';

/**
 * A person's file (一人一档) as registering reads and writes it: who they are, where they live, and their
 * phones. Only `phone` finds the person and receives their one-time codes; a phone a channel gave that
 * nobody confirmed waits beside it as `pendingPhone`.
 */
export interface ApplicantFile {
  region: string;
  /** The township (and village) on file: what status changes and other writes are authorised against. */
  township?: string;
  village?: string;
  name: string;
  /** In plain words here; data-access seals it at rest. */
  idNumber: string;
  idNumberMasked: string;
  /** Confirmed: given at the township window, or confirmed by a code sent to the phone on file. */
  phone?: string;
  /** Given by a channel (IVR, chat bot, online) and not confirmed: never used to find the person. */
  pendingPhone?: { phone: string; channel: string; at: string };
  updatedAt: Date;
}

/**
 * How an application vouches for who the applicant is: township or county staff at the window see the ID
 * card (`window`); every other channel, a village coordinator's report, and anything a channel adapter sends
 * is the caller's word (`channel`).
 */
export type IdentityPath = 'window' | 'channel';

/** The roles that keep the township window (乡镇受理窗口) or stand in for it. */
const WINDOW_STAFF = new Set(['township_caseworker', 'county_officer']);

export function identityPathOf(role: string, channel: RegisterRequest['channel']): IdentityPath {
  return WINDOW_STAFF.has(role) && channel === 'window' ? 'window' : 'channel';
}

export interface ApplicantFiling {
  personId: string;
  region: string;
  applicant: ValidatedApplicant;
  address: { township: string; village?: string };
  path: IdentityPath;
  channel: RegisterRequest['channel'];
  /** Whether the caller's jurisdiction takes in this township (a window may move a file only within its own). */
  covers: (township: string) => boolean;
}

export interface FiledApplicant {
  personId: string;
  /** The name on file: what the request carries, whatever a channel typed. */
  name: string;
  /** Identity fields staff changed at the window (each change is audited). */
  changed: ('name' | 'phone')[];
  /** A channel gave a phone other than the one on file: it is held unconfirmed. */
  phoneHeld: boolean;
  /** The phone to reach the applicant at (see `phoneToReach`), for the contact they may consent to share. */
  phone?: ContactPhone;
}

/**
 * Files the applicant of a registration. A new person gets a file with what was given (a channel's phone
 * held unconfirmed). On an existing file, staff at the window may change name and phone (the change is
 * confirmed, and audited by the caller); a channel changes neither: a phone other than the one on file is
 * held as `pendingPhone` until it is confirmed at the window or by a code sent to the phone on file. The
 * township on file is set once, and moved only by a window whose jurisdiction takes in the old one too.
 */
export function decideApplicantFile(
  current: ApplicantFile | undefined,
  filing: ApplicantFiling,
  ctx: UseCaseContext,
): Decision<ApplicantFile, FiledApplicant> {
  const { personId, applicant, address, path } = filing;
  const given = applicant.phone;
  const held = (phone: string) => ({ phone, channel: filing.channel, at: ctx.now.toISOString() });
  if (!current) {
    const state: ApplicantFile = {
      region: filing.region,
      township: address.township,
      ...(address.village ? { village: address.village } : {}),
      name: applicant.name,
      idNumber: applicant.idNumber,
      idNumberMasked: applicant.idNumberMasked,
      ...(given && path === 'window' ? { phone: given } : {}),
      ...(given && path === 'channel' ? { pendingPhone: held(given) } : {}),
      updatedAt: ctx.now,
    };
    return {
      state,
      result: {
        personId,
        name: state.name,
        changed: [],
        phoneHeld: !!state.pendingPhone,
        ...reach(given, { confirmedNow: path === 'window' }),
      },
    };
  }

  const place = placeOnFile(current, filing);
  const moved = place.township !== current.township || place.village !== current.village;
  const file = (fields: Pick<ApplicantFile, 'name' | 'idNumberMasked' | 'phone' | 'pendingPhone'>): ApplicantFile => ({
    region: current.region,
    ...place,
    name: fields.name,
    idNumber: current.idNumber,
    idNumberMasked: fields.idNumberMasked,
    ...(fields.phone ? { phone: fields.phone } : {}),
    ...(fields.pendingPhone ? { pendingPhone: fields.pendingPhone } : {}),
    updatedAt: ctx.now,
  });

  if (path === 'window') {
    const changed: FiledApplicant['changed'] = [];
    if (applicant.name !== current.name) changed.push('name');
    if (given && !samePhone(given, current.phone)) changed.push('phone');
    // Staff saw the ID card and took the phone the person gave: a phone waiting for confirmation goes.
    const state = file({
      name: applicant.name,
      idNumberMasked: applicant.idNumberMasked,
      phone: given ?? current.phone,
      pendingPhone: given ? undefined : current.pendingPhone,
    });
    const unchanged =
      changed.length === 0 &&
      !moved &&
      !(given && current.pendingPhone) &&
      state.idNumberMasked === current.idNumberMasked;
    return {
      ...(unchanged ? {} : { state }),
      result: {
        personId,
        name: state.name,
        changed,
        phoneHeld: false,
        ...reach(given, { ...current, confirmedNow: true }),
      },
    };
  }

  const holds = !!given && !samePhone(given, current.phone) && !samePhone(given, current.pendingPhone?.phone);
  const phone = reach(given, { ...current, confirmedNow: false });
  if (!holds && !moved) return { result: { personId, name: current.name, changed: [], phoneHeld: false, ...phone } };
  return {
    state: file({
      name: current.name,
      idNumberMasked: current.idNumberMasked,
      phone: current.phone,
      pendingPhone: holds ? held(given!) : current.pendingPhone,
    }),
    result: { personId, name: current.name, changed: [], phoneHeld: holds, ...phone },
  };
}

/** `{ phone }` to reach the applicant at, or nothing. */
function reach(given: string | undefined, onFile: { phone?: string; confirmedNow: boolean }): { phone?: ContactPhone } {
  const phone = phoneToReach(given, { ...onFile, same: samePhone });
  return phone ? { phone } : {};
}

/** Where the file says the person lives after this registration: set when unknown, moved only at a window covering both. */
function placeOnFile(current: ApplicantFile, filing: ApplicantFiling): { township?: string; village?: string } {
  const { address } = filing;
  const moves =
    current.township === undefined ||
    (filing.path === 'window' && filing.covers(current.township) && filing.covers(address.township));
  if (!moves) return { township: current.township, ...(current.village ? { village: current.village } : {}) };
  return { township: address.township, ...(address.village ? { village: address.village } : {}) };
}

/** Two ways of writing one number (+86 138…, 138 …) are the same phone. */
export function samePhone(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && nationalPhoneNumber(a) === nationalPhoneNumber(b);
}

/**
 * A phone held unconfirmed is confirmed by a code sent to the phone on file (the holder of that phone typed
 * the code in where the new number was given): it becomes the file's phone. Says whether it did; a file
 * no longer holding this phone is left as it is.
 */
export function decidePhoneConfirmed(
  current: ApplicantFile | undefined,
  confirmed: { phone: string },
  ctx: UseCaseContext,
): Decision<ApplicantFile, boolean> {
  if (!current?.pendingPhone || !samePhone(current.pendingPhone.phone, confirmed.phone)) return { result: false };
  const { pendingPhone, ...rest } = current;
  return { state: { ...rest, phone: pendingPhone.phone, updatedAt: ctx.now }, result: true };
}
