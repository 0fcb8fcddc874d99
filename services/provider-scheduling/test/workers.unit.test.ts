import { PolicyPacks } from '@carelink/policy';
import { decideRecordTraining, decideRegisterWorker, maskPhone } from '../src/domain/register-worker/register-worker';
import { assertMayServe, servingProblem } from '../src/domain/worker';
import {
  codeOf,
  ctx,
  errorOf,
  eventsOf,
  givenWorker,
  providerStaff,
  townshipCaseworker,
  trainingRule,
} from './fixtures';

const pack = PolicyPacks.load().get('chizhou')!;
const facts = { providerId: 'prov-a', itemCode: 'CZ-QJ-01', day: '2026-12-01', rule: trainingRule };
// A valid GB 11643 number (check character computed), and the same with its check character wrong.
const idNumber = '11010519491231002X';
const command = {
  name: '李护理',
  idNumber,
  phone: '13800138000',
  qualifications: ['养老护理员（初级）'],
  itemCodes: ['CZ-QJ-01'],
  training: [{ course: '服务规范与安全', date: '2026-11-01', hours: 8 }],
};
const register = (over: Partial<typeof command> = {}, principal = providerStaff()) =>
  decideRegisterWorker(undefined, { ...command, ...over, workerId: 'wk_1', principal, pack }, ctx);

describe('registering a worker', () => {
  it('Given a valid ID number, When registered, Then the state keeps masks, the identity goes apart to be sealed, the event has none', () => {
    const decision = register();
    expect(decision.result).toMatchObject({
      workerId: 'wk_1',
      providerId: 'prov-a',
      region: 'chizhou',
      idNumberMasked: '110*************2X',
      phoneMasked: '138****8000',
      itemCodes: ['CZ-QJ-01'],
    });
    expect(JSON.stringify(decision.result)).not.toContain(idNumber);
    expect(decision.state?.identity).toEqual({ idNumber, phone: '13800138000' });
    const [event] = eventsOf(decision);
    expect(event).toMatchObject({ topic: 'carelink.scheduling.workers.v1', type: 'worker.registered.v1', key: 'wk_1' });
    expect(JSON.stringify(event)).not.toContain('1101051949');
  });

  it('refuses an ID number whose check character is wrong, in words a clerk reads', () => {
    const e = errorOf(() => register({ idNumber: '110105194912310021' }));
    expect(e.code).toBe('invalid_id_number');
    expect(e.messageZh).toBe('身份证号码校验位不正确，请核对后重新输入');
  });

  it('refuses items not in the region’s catalogue', () =>
    expect(codeOf(() => register({ itemCodes: ['NOPE'] }))).toBe('unknown_item'));
  it('refuses a training dated in the future', () =>
    expect(codeOf(() => register({ training: [{ course: 'x', date: '2027-01-01', hours: 2 }] }))).toBe(
      'training_in_future',
    ));
  it('refuses the same person registered twice by the provider', () =>
    expect(
      codeOf(() =>
        decideRegisterWorker(givenWorker(), { ...command, workerId: 'wk_1', principal: providerStaff(), pack }, ctx),
      ),
    ).toBe('worker_already_registered'));
  it('is for provider staff only', () =>
    expect(codeOf(() => register({}, townshipCaseworker()))).toBe('role_not_allowed'));
  it('masks a phone', () => expect(maskPhone('13800138000')).toBe('138****8000'));

  it('records a training on a worker of my provider, not of another', () => {
    const training = { course: '急救', date: '2026-11-20', hours: 4 };
    const decision = decideRecordTraining(givenWorker(), { ...training, principal: providerStaff() }, ctx);
    expect(decision.result?.training.map((t) => t.course)).toEqual(['服务规范与安全', '急救']);
    expect(
      codeOf(() => decideRecordTraining(givenWorker(), { ...training, principal: providerStaff('prov-b') }, ctx)),
    ).toBe('other_provider');
  });
});

describe('who may serve (registered, trained before serving, qualified)', () => {
  it('a registered, trained, qualified worker may', () => expect(servingProblem(givenWorker(), facts)).toBeUndefined());
  it('an unknown worker, or another provider’s, is not registered', () => {
    expect(servingProblem(undefined, facts)?.code).toBe('worker_not_registered');
    expect(servingProblem(givenWorker({ providerId: 'prov-b' }), facts)?.code).toBe('worker_not_registered');
  });
  it('too few hours, or a required course missing, is not trained', () => {
    const short = givenWorker({ training: [{ ...givenWorker().training[0]!, hours: 6 }] });
    expect(servingProblem(short, facts)).toMatchObject({ code: 'worker_not_trained', hours: 6, minHours: 8 });
    const otherCourse = givenWorker({ training: [{ ...givenWorker().training[0]!, course: '急救' }] });
    expect(servingProblem(otherCourse, facts)).toMatchObject({ missingCourses: ['服务规范与安全'] });
  });
  it('a training after the visit’s day does not count (trained before serving)', () => {
    const later = givenWorker({ training: [{ ...givenWorker().training[0]!, date: '2026-12-02' }] });
    expect(servingProblem(later, facts)?.code).toBe('worker_not_trained');
    expect(servingProblem(later, { ...facts, day: '2026-12-02' })).toBeUndefined();
  });
  it('a region without a training rule asks only registration and qualification', () =>
    expect(servingProblem(givenWorker({ training: [] }), { ...facts, rule: undefined })).toBeUndefined());
  it('a worker not qualified for the item may not serve it', () =>
    expect(servingProblem(givenWorker({ itemCodes: ['CZ-JK-01'] }), facts)?.code).toBe('worker_not_qualified'));
  it('says so with a 409 a provider clerk can read', () => {
    const e = errorOf(() => assertMayServe('worker-7', givenWorker({ training: [] }), facts));
    expect(e.kind).toBe('conflict');
    expect(e.messageZh).toBe(
      '服务人员李护理截至2026-12-01培训0学时（须8学时），未参加：服务规范与安全，培训合格后方可上门服务',
    );
    expect(errorOf(() => assertMayServe('nobody', undefined, facts)).messageZh).toBe(
      '服务人员 nobody 未在本机构登记，请先在平台登记服务人员后再派出',
    );
  });
});
