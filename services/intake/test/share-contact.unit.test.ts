import { checkCharacter, ContactShared, contactWithin, useCaseContext } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { decideApplicantFile, type ApplicantFile } from '../src/domain/register-request/file-applicant';
import {
  decideRegistration,
  validateRequest,
  type NewRegistration,
  type RegisterRequest,
} from '../src/domain/register-request/register-request';
import { addressInWords, phoneToReach } from '../src/domain/register-request/share-contact';

const chizhou = loadPolicyPacks().get('chizhou')!;
const today = new Date('2026-11-25T00:00:00Z');
const ctx = useCaseContext(new Date('2026-11-25T08:30:00.000Z'));
const idNumber = '34170219480315022' + checkCharacter('34170219480315022');
const CASE = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const personId = 'p_0123456789abcdef0123456789abcdef';

const command: RegisterRequest = {
  region: 'chizhou',
  channel: 'chatbot',
  applicant: { name: '王秀英', idNumber, phone: '139 0566 1234', phoneSource: 'typed' },
  address: { township: '341702001', village: '341702001201', detail: '长江路12号' },
  declaredGroups: ['tekun'],
  declaredConditions: [],
  household: [],
  consentToShare: true,
  items: ['CZ-QJ-01'],
};

const registration = (over: Partial<RegisterRequest> = {}, phone?: NewRegistration['phone']): NewRegistration => {
  const c = { ...command, ...over };
  return {
    caseId: CASE,
    caseNumber: 'CZ341702-2026-000008',
    personId,
    command: c,
    validated: validateRequest(c, chizhou, today),
    merged: [],
    registeredBy: 'chatbot-adapter',
    ...(phone ? { phone } : {}),
  };
};
const sharedOf = (r: NewRegistration) =>
  decideRegistration(undefined, r, ctx).events!.filter((e) => e.type === ContactShared.type);

describe('sharing the contact the applicant consented to share (ShareContact, at registration)', () => {
  it('with consent: name, the phone to reach them at and the address in words go to referral, on its own topic', () => {
    const [shared, ...more] = sharedOf(registration({}, { number: '13905661234', confirmed: false }));
    expect(more).toEqual([]);
    expect(shared!.topic.name).toBe('carelink.intake.contacts.v1');
    expect(shared!.key).toBe(CASE);
    expect(shared!.data).toEqual({
      caseId: CASE,
      caseNumber: 'CZ341702-2026-000008',
      region: 'chizhou',
      personId,
      township: '341702001',
      consent: { givenBy: 'applicant', recordedAt: ctx.now.toISOString(), covers: ['name', 'phone', 'address'] },
      contact: {
        name: '王秀英',
        phone: { number: '13905661234', confirmed: false },
        address: {
          county: '341702',
          township: '341702001',
          village: '341702001201',
          detail: '长江路12号',
          text: `${addressInWords(chizhou, { county: '341702', township: '341702001', village: '341702001201' })} 长江路12号`,
        },
      },
      sharedAt: ctx.now.toISOString(),
    });
    // The address in words names the county, the township and the village of the pack.
    expect((shared!.data as { contact: { address: { text: string } } }).contact.address.text).toMatch(
      /^贵池区.+街道.+ 长江路12号$/,
    );
  });

  it('without consent: nothing is published, whatever the applicant gave', () => {
    expect(sharedOf(registration({ consentToShare: false }, { number: '13905661234', confirmed: true }))).toEqual([]);
  });

  it('a proxy’s consent is recorded as given by the proxy', () => {
    const [shared] = sharedOf(registration({ proxy: { name: '李娟', relation: '女儿' } }));
    expect((shared!.data as { consent: { givenBy: string } }).consent.givenBy).toBe('proxy');
    // No phone known: the contact holds what is known, no empty phone.
    expect((shared!.data as { contact: object }).contact).not.toHaveProperty('phone');
  });

  it('passes on only the parts a consent covers', () => {
    const contact = {
      name: '王秀英',
      phone: { number: '13905661234', confirmed: true },
      address: { county: '341702', township: '341702001', text: '贵池区秋浦街道' },
    };
    expect(contactWithin(contact, ['name', 'phone', 'address'])).toEqual(contact);
    expect(contactWithin(contact, ['name'])).toEqual({ name: '王秀英' });
    expect(contactWithin(contact, ['phone', 'address'])).toEqual({ phone: contact.phone, address: contact.address });
  });
});

describe('the phone to reach the applicant at', () => {
  const same = (a: string, b: string | undefined) => a === b;
  it('is the phone given with the application, confirmed only when it is the one on file or taken at the window', () => {
    expect(phoneToReach('13800000000', { phone: '13905661234', confirmedNow: false, same })).toEqual({
      number: '13800000000',
      confirmed: false,
    });
    expect(phoneToReach('13905661234', { phone: '13905661234', confirmedNow: false, same })).toEqual({
      number: '13905661234',
      confirmed: true,
    });
    expect(phoneToReach('13800000000', { confirmedNow: true, same })).toEqual({
      number: '13800000000',
      confirmed: true,
    });
  });

  it('is the confirmed phone on file when none was given, and none when none is known', () => {
    expect(phoneToReach(undefined, { phone: '13905661234', confirmedNow: false, same })).toEqual({
      number: '13905661234',
      confirmed: true,
    });
    expect(phoneToReach(undefined, { confirmedNow: false, same })).toBeUndefined();
  });

  it('is what filing the applicant says: a channel’s new phone unconfirmed, the window’s confirmed, a phone held from before not offered', () => {
    const onFile: ApplicantFile = {
      region: 'chizhou',
      township: '341702001',
      name: '王秀英',
      idNumber,
      idNumberMasked: '341*************22',
      pendingPhone: { phone: '13700000000', channel: 'ivr', at: '2026-01-01T00:00:00.000Z' },
      updatedAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    const filing = (phone: string | undefined, path: 'window' | 'channel') => ({
      personId,
      region: 'chizhou',
      applicant: {
        idNumber,
        idNumberMasked: '341*************22',
        birthDate: '1948-03-15',
        name: '王秀英',
        ...(phone ? { phone } : {}),
      },
      address: { township: '341702001' },
      path,
      channel: path === 'window' ? ('window' as const) : ('ivr' as const),
      covers: () => true,
    });
    expect(decideApplicantFile(onFile, filing('13800000000', 'channel'), ctx).result!.phone).toEqual({
      number: '13800000000',
      confirmed: false,
    });
    expect(decideApplicantFile(onFile, filing('13800000000', 'window'), ctx).result!.phone).toEqual({
      number: '13800000000',
      confirmed: true,
    });
    expect(decideApplicantFile(onFile, filing(undefined, 'channel'), ctx).result).not.toHaveProperty('phone');
  });
});
