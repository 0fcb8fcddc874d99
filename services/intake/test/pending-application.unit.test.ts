import { checkCharacter } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import {
  applyPendingIdentityCommand,
  assertAwaitingIdentity,
  checkPendingApplication,
  formatApplicationNumber,
  newPendingApplication,
  registrationOf,
} from '../src/domain/pending-identity/pending-application';
import { nextProgress } from '../src/domain/follow-progress/resident-progress';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const first17 = '34170219520715003';
const ID = first17 + checkCharacter(first17);

const command = applyPendingIdentityCommand.parse({
  region: 'chizhou',
  channel: 'ivr',
  callerPhone: '+86 133 1111 2222',
  township: '341702001',
  callId: 'CAfirst00001',
});

describe('an application awaiting identity', () => {
  const application = newPendingApplication({
    applicationId: 'a-1',
    command,
    county: checkPendingApplication(command, chizhou).county,
    prefix: chizhou.caseNumberPrefix,
    sequence: 12,
    receivedBy: 'ivr-adapter',
    now: new Date('2026-11-25T02:00:00Z'),
  });

  it('is numbered apart from cases (D for 待核) and keeps the number to call back in national form', () => {
    expect(application).toMatchObject({
      applicationNumber: 'CZ341702-2026-D00012',
      county: '341702',
      callerPhone: '13311112222',
      status: 'awaiting_identity',
      recordings: {},
    });
    expect(formatApplicationNumber('CJ', '652301', 2026, 3)).toBe('CJ652301-2026-D00003');
  });

  it('refuses a township outside the region', () => {
    expect(() => checkPendingApplication({ ...command, township: '652301001' }, chizhou)).toThrow(/not in/);
  });

  it('completed by the township: a phone request from the caller’s number, in the application’s township', () => {
    const registration = registrationOf(application, {
      applicant: { name: '马桂花', idNumber: ID },
      declaredGroups: ['dibao'],
      items: ['CZ-SH-01'],
      consentToShare: true,
    });
    expect(registration).toMatchObject({
      region: 'chizhou',
      channel: 'ivr',
      applicant: { name: '马桂花', idNumber: ID, phone: '13311112222' },
      address: { township: '341702001' },
      declaredGroups: ['dibao'],
      items: ['CZ-SH-01'],
      consentToShare: true,
    });
    expect(registration.description).toContain('CZ341702-2026-D00012');
  });

  it('once completed, cannot be completed again', () => {
    expect(() => assertAwaitingIdentity(application)).not.toThrow();
    expect(() =>
      assertAwaitingIdentity({
        ...application,
        status: 'completed',
        completion: { caseId: 'c', caseNumber: 'CZ341702-2026-000001', by: 'clerk', at: new Date() },
      }),
    ).toThrow(/completed as case CZ341702-2026-000001/);
  });
});

describe('what a resident may complain about: the latest visits and providers of a case', () => {
  const visit = (visitId: string, at: string, delivered: boolean) => ({
    visitId,
    providerId: 'p-1',
    workerId: 'w-1',
    itemCode: 'CZ-SH-01',
    at,
    delivered,
  });

  it('keeps visits newest first, at most five, a delivered visit replacing its scheduled self', () => {
    let p = nextProgress(undefined, {
      kind: 'reached',
      stage: 'referred',
      at: '2026-11-01T00:00:00Z',
      provider: { providerId: 'p-1', itemCode: 'CZ-SH-01', referredAt: '2026-11-01T00:00:00Z' },
    });
    for (let d = 2; d <= 8; d++)
      p = nextProgress(p, {
        kind: 'reached',
        stage: 'scheduled',
        at: `2026-11-0${d}T00:00:00Z`,
        visit: visit(`v${d}`, `2026-11-0${d}T00:00:00Z`, false),
      });
    p = nextProgress(p, {
      kind: 'reached',
      stage: 'in_service',
      at: '2026-11-08T03:00:00Z',
      visit: visit('v8', '2026-11-08T03:00:00Z', true),
    });
    expect(p.recentVisits!.map((v) => [v.visitId, v.delivered])).toEqual([
      ['v8', true],
      ['v7', false],
      ['v6', false],
      ['v5', false],
      ['v4', false],
    ]);
    expect(p.providers).toEqual([{ providerId: 'p-1', itemCode: 'CZ-SH-01', referredAt: '2026-11-01T00:00:00Z' }]);
    // A late "scheduled" of a delivered visit does not undo it.
    const late = nextProgress(p, {
      kind: 'reached',
      stage: 'scheduled',
      at: '2026-11-02T00:00:00Z',
      visit: visit('v8', '2026-11-08T00:00:00Z', false),
    });
    expect(late.recentVisits![0]).toMatchObject({ visitId: 'v8', delivered: true });
  });
});
