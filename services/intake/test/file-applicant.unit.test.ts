import { checkCharacter, useCaseContext } from '@carelink/contracts';
import {
  decideApplicantFile,
  decidePhoneConfirmed,
  identityPathOf,
  type ApplicantFile,
  type ApplicantFiling,
} from '../src/domain/register-request/file-applicant';

const ctx = useCaseContext(new Date('2026-11-25T08:30:00.000Z'));
const idNumber = '34170219480315022' + checkCharacter('34170219480315022');
const personId = 'p_victim';

const onFile: ApplicantFile = {
  region: 'chizhou',
  township: '341702001',
  name: '王秀英',
  idNumber,
  idNumberMasked: '341*************22',
  phone: '13905661234',
  updatedAt: new Date('2026-01-01T00:00:00.000Z'),
};

const filing = (over: Partial<ApplicantFiling> = {}): ApplicantFiling => ({
  personId,
  region: 'chizhou',
  applicant: { idNumber, idNumberMasked: '341*************22', birthDate: '1948-03-15', name: '王秀英' },
  address: { township: '341702001' },
  path: 'channel',
  channel: 'ivr',
  covers: (township) => township.startsWith('341702001'),
  ...over,
});

describe('filing the applicant of a registration', () => {
  it('vouches for identity only at the window, by staff', () => {
    expect(identityPathOf('township_caseworker', 'window')).toBe('window');
    expect(identityPathOf('channel_adapter', 'window')).toBe('channel');
    expect(identityPathOf('county_officer', 'window')).toBe('window');
    expect(identityPathOf('village_coordinator', 'window')).toBe('channel');
    expect(identityPathOf('village_coordinator', 'proactive')).toBe('channel');
    expect(identityPathOf('township_caseworker', 'chatbot')).toBe('channel');
  });

  it("does not let a channel change an existing person's name or phone: a new phone is held unconfirmed", () => {
    const { state, result } = decideApplicantFile(
      onFile,
      filing({ applicant: { ...filing().applicant, name: '冒名者', phone: '13800000000' } }),
      ctx,
    );
    expect(state).toMatchObject({
      name: '王秀英',
      phone: '13905661234',
      pendingPhone: { phone: '13800000000', channel: 'ivr', at: ctx.now.toISOString() },
    });
    expect(result).toEqual({
      personId,
      name: '王秀英',
      changed: [],
      phoneHeld: true,
      // The phone given with this application is the one to reach the applicant at, marked as nobody's check.
      phone: { number: '13800000000', confirmed: false },
    });
  });

  it('writes nothing when a channel gives the phone on file (in any notation) and nothing else changes', () => {
    const decision = decideApplicantFile(
      onFile,
      filing({ applicant: { ...filing().applicant, phone: '+86 139-0566-1234' } }),
      ctx,
    );
    expect(decision.state).toBeUndefined();
    expect(decision.result?.phoneHeld).toBe(false);
  });

  it("files a new person from a channel with the channel's phone held unconfirmed", () => {
    const { state } = decideApplicantFile(
      undefined,
      filing({ applicant: { ...filing().applicant, phone: '13800000000' } }),
      ctx,
    );
    expect(state).toMatchObject({ name: '王秀英', township: '341702001' });
    expect(state!.phone).toBeUndefined();
    expect(state!.pendingPhone?.phone).toBe('13800000000');
  });

  it('lets staff at the window change name and phone, says what changed, and drops an unconfirmed phone', () => {
    const held = { ...onFile, pendingPhone: { phone: '13800000000', channel: 'ivr', at: '2026-11-01T00:00:00Z' } };
    const { state, result } = decideApplicantFile(
      held,
      filing({
        path: 'window',
        channel: 'window',
        applicant: { ...filing().applicant, name: '王秀瑛', phone: '13700000000' },
      }),
      ctx,
    );
    expect(state).toMatchObject({ name: '王秀瑛', phone: '13700000000' });
    expect(state!.pendingPhone).toBeUndefined();
    expect(result?.changed).toEqual(['name', 'phone']);
  });

  it('moves the township on file only at a window covering both townships', () => {
    const elsewhere = { township: '341702002' };
    const notCovering = decideApplicantFile(
      onFile,
      filing({ path: 'window', channel: 'window', address: elsewhere }),
      ctx,
    );
    expect(notCovering.state).toBeUndefined();
    const county = decideApplicantFile(
      onFile,
      filing({ path: 'window', channel: 'window', address: elsewhere, covers: () => true }),
      ctx,
    );
    expect(county.state?.township).toBe('341702002');
    const channel = decideApplicantFile(onFile, filing({ address: elsewhere, covers: () => true }), ctx);
    expect(channel.state).toBeUndefined();
  });

  it('confirms a held phone only when it is the one the code was sent for', () => {
    const held = { ...onFile, pendingPhone: { phone: '13800000000', channel: 'chatbot', at: '2026-11-01T00:00:00Z' } };
    expect(decidePhoneConfirmed(held, { phone: '13899999999' }, ctx)).toEqual({ result: false });
    const { state, result } = decidePhoneConfirmed(held, { phone: '+8613800000000' }, ctx);
    expect(result).toBe(true);
    expect(state).toMatchObject({ phone: '13800000000' });
    expect(state!.pendingPhone).toBeUndefined();
  });
});
