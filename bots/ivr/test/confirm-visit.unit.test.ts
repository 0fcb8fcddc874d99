import { checkCharacter } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { CallFlow, newCall, type CallPorts, type Lookup } from '../src/domain/call-flow';
import type { VisitCodeOutcome, VisitToConfirm } from '../src/domain/confirm-visit/visit-confirmation';
import { keyedVisitCode, spokenTime, visitsToConfirm } from '../src/domain/confirm-visit/visit-confirmation';
import { loadPrompts } from '../src/data-access/prompt-files';

const packs = loadPolicyPacks();
const prompts = loadPrompts({ get: (r: string) => packs.get(r) });
const first17 = '34170219500101001';
const ID = first17 + checkCharacter(first17);
const CODE = '482913';
const VISIT_CODE = '305117';

const known: Lookup = {
  person: { personId: 'p_1', name: '张桂兰' },
  requests: [
    {
      caseId: 'c1',
      caseNumber: 'CZ341702-2026-000042',
      registeredAt: '2026-11-20T02:00:00Z',
      items: [{ itemCode: 'CZ-SH-01' }],
      status: { code: 'serving', zh: '正在服务' },
    },
  ],
};

const visit = (visitId: string, checkedOutAt: string): VisitToConfirm => ({
  visitId,
  itemCode: 'CZ-SH-01',
  workerDisplayName: '张师傅',
  // 11-26 9:00, checked in 9:02 (China time).
  scheduledFor: '2026-11-26T01:00:00.000Z',
  checkedInAt: '2026-11-26T01:02:00.000Z',
  checkedOutAt,
  confirmBy: '2026-11-27T10:00:00.000Z',
  attemptsLeft: 3,
});

/**
 * provider-scheduling as the call sees it: two visits await confirmation; the right code verifies, a wrong one
 * counts down to the limit; a settled visit is closed.
 */
function fakePorts() {
  const settled = new Map<string, string>();
  const reasons = new Map<string, string>();
  const tries = new Map<string, number>();
  const asked: string[] = [];
  const ports: CallPorts = {
    requestCode: async () => 'sent',
    lookupByIdNumber: async (input) =>
      input.code === CODE ? { kind: 'found', lookup: known } : { kind: 'wrong_code' },
    registerRequest: async () => Promise.reject(new Error('not in this test')),
    fileComplaint: async () => Promise.reject(new Error('not in this test')),
    applyPendingIdentity: async () => Promise.reject(new Error('not in this test')),
    awaitingConfirmation: async ({ region, caseId }) => {
      asked.push(`${region}:${caseId}`);
      return [visit('v-2', '2026-11-26T03:00:00Z'), visit('v-1', '2026-11-26T02:00:00Z')].filter(
        (v) => !settled.has(v.visitId),
      );
    },
    confirmVisit: async ({ visitId, code }): Promise<VisitCodeOutcome> => {
      if (settled.has(visitId)) return { kind: 'confirmation_closed' };
      if (code === VISIT_CODE) {
        settled.set(visitId, 'verified');
        return { kind: 'verified' };
      }
      const left = (tries.get(visitId) ?? 3) - 1;
      tries.set(visitId, left);
      if (left > 0) return { kind: 'wrong_code', attemptsLeft: left };
      settled.set(visitId, 'unverified');
      return { kind: 'wrong_code_limit' };
    },
    disputeVisit: async ({ visitId, reason }) => {
      if (settled.has(visitId)) return { kind: 'confirmation_closed' };
      settled.set(visitId, 'disputed');
      reasons.set(visitId, reason);
      return { kind: 'disputed' };
    },
  };
  return { ports, settled, asked, reasons };
}

/** Through the menu (4), the ID number and the texted code, to the first visit awaiting confirmation. */
async function identified(ports: CallPorts) {
  const flow = new CallFlow(prompts.get('chizhou')!, ports);
  let { state, answer } = await flow.start(
    newCall({ callSid: 'CA1', region: 'chizhou', from: '+8613800138000', now: new Date() }),
  );
  const answers = [answer];
  const step = async (digits: string) => {
    ({ state, answer } = await flow.step(state, { digits }));
    answers.push(answer);
    return answer;
  };
  await step('4');
  await step(`${ID}#`);
  await step('2');
  await step(`${CODE}#`);
  return {
    step,
    get state() {
      return state;
    },
    answers,
  };
}

const said = (answer: { say: (string | { text: string })[] }) =>
  answer.say.map((s) => (typeof s === 'string' ? s : s.text)).join(' ');

describe('confirming a visit by phone', () => {
  it('the menu offers it; an identified caller hears the oldest visit awaiting confirmation, who and when', async () => {
    const { ports, asked } = fakePorts();
    const call = await identified(ports);
    expect(said(call.answers[0]!)).toContain('确认上门服务请按4');
    const heard = said(call.answers.at(-1)!);
    expect(heard).toContain('张桂兰，您好');
    expect(heard).toContain('11月26日9点02分，张师傅为您提供的助餐送餐服务');
    expect(heard).toContain('请按9再按井号键');
    expect(call.state.visitsToConfirm?.map((v) => v.visitId)).toEqual(['v-1', 'v-2']);
    expect(call.answers.at(-1)!.then).toMatchObject({ verb: 'gather', finishOnKey: '#' });
    expect(asked).toEqual(['chizhou:c1']);
  });

  it('the right code verifies the visit and reads the next; a dispute (9, then why) settles it; then the menu', async () => {
    const { ports, settled, reasons } = fakePorts();
    const call = await identified(ports);
    const after = await call.step(`${VISIT_CODE}#`);
    expect(said(after)).toMatch(/^确认成功，谢谢您。 .*张师傅/);
    const why = await call.step('9#');
    expect(said(why)).toContain('没有上门服务请按1');
    expect(why.then).toMatchObject({ verb: 'gather', numDigits: 1 });
    expect(settled.has('v-2')).toBe(false);
    const disputed = await call.step('1');
    expect(said(disputed)).toContain('已记录您的异议');
    expect(said(disputed)).toContain('申请服务请按1');
    expect(call.state.node).toBe('menu');
    expect(Object.fromEntries(settled)).toEqual({ 'v-1': 'verified', 'v-2': 'disputed' });
    // The township reads why, in Chinese.
    expect(reasons.get('v-2')).toBe('电话按键：没有上门服务');
    // The call record keeps that a code was keyed, never the code.
    expect(call.state.path).toContain('visit-confirm:keyed');
    expect(call.state.path).toContain('visit-confirm:9#');
    expect(call.state.path).toContain('visit-dispute-reason:1');
    expect(call.state.path.join(' ')).not.toContain(VISIT_CODE);
  });

  it('asks again for a reason that is not one of the keys, and 0 there reaches an operator without disputing', async () => {
    const { ports, settled } = fakePorts();
    const call = await identified(ports);
    await call.step('9#');
    const again = await call.step('7');
    expect(said(again)).toContain('没有上门服务请按1');
    expect(call.state.node).toBe('visit-dispute-reason');
    const operator = await call.step('0');
    expect(operator.then).toMatchObject({ verb: 'dial' });
    expect(settled.size).toBe(0);
  });

  it('a wrong code says the tries left and asks again; the last wrong one leaves the visit unconfirmed', async () => {
    const { ports, settled } = fakePorts();
    const call = await identified(ports);
    expect(said(await call.step('111111#'))).toMatch(/^确认码不正确，您还可以输入2次。/);
    expect(call.state.visitsToConfirm?.[0]).toMatchObject({ visitId: 'v-1', attemptsLeft: 2 });
    expect(said(await call.step('111111#'))).toMatch(/^确认码不正确，您还可以输入1次。/);
    expect(said(await call.step('111111#'))).toMatch(/^确认码多次输入错误，这次服务记为未确认。/);
    expect(settled.get('v-1')).toBe('unverified');
    expect(call.state.visitsToConfirm?.map((v) => v.visitId)).toEqual(['v-2']);
  });

  it('what is not a code is asked again; a service that does not answer goes to an operator', async () => {
    const { ports } = fakePorts();
    const call = await identified(ports);
    expect(said(await call.step('12#'))).toMatch(/^确认码是六位数字。/);
    const down = await identified({ ...ports, confirmVisit: () => Promise.reject(new Error('down')) });
    const answer = await down.step(`${VISIT_CODE}#`);
    expect(answer.then).toMatchObject({ verb: 'dial' });
    expect(down.state.transferReason).toBe('failed');
  });

  it('a caller with nothing to confirm hears so and the menu', async () => {
    const { ports } = fakePorts();
    const call = await identified({ ...ports, awaitingConfirmation: async () => [] });
    expect(said(call.answers.at(-1)!)).toContain('目前没有需要您确认的上门服务');
    expect(call.state.node).toBe('menu');
  });

  it('Uyghur callers hear it in Uyghur', async () => {
    const { ports } = fakePorts();
    const flow = new CallFlow(prompts.get('changji')!, {
      ...ports,
      lookupByIdNumber: async () => ({ kind: 'found', lookup: known }),
    });
    let { state } = await flow.start(
      newCall({ callSid: 'CA2', region: 'changji', from: '+8613800138000', now: new Date() }),
    );
    for (const digits of ['2', '4', `${ID}#`, '2']) ({ state } = await flow.step(state, { digits }));
    const { answer } = await flow.step(state, { digits: `${CODE}#` });
    expect(said(answer)).toContain('9:02 دە 张师傅');
  });
});

describe('reading codes and times', () => {
  it('a code is six digits; # ends it', () => {
    expect(keyedVisitCode('305117#')).toBe('305117');
    expect(keyedVisitCode('305117')).toBe('305117');
    expect(keyedVisitCode('30511#')).toBeUndefined();
    expect(keyedVisitCode(undefined)).toBeUndefined();
  });
  it('times as a person says them', () => {
    expect(spokenTime('2026-11-26T01:02:00Z', 'zh')).toBe('9点02分');
    expect(spokenTime('2026-11-26T01:00:00Z', 'zh')).toBe('9点');
    expect(spokenTime('2026-11-26T01:02:00Z', 'ug')).toBe('9:02');
  });
  it('at most a few cases are asked, visits read oldest first', async () => {
    const asked: string[] = [];
    const visits = await visitsToConfirm('chizhou', ['a', 'b', 'c', 'd'], {
      awaitingConfirmation: async ({ caseId }) => {
        asked.push(caseId);
        return caseId === 'a'
          ? [visit('v-a', '2026-11-26T05:00:00Z')]
          : caseId === 'c'
            ? [visit('v-c', '2026-11-25T05:00:00Z')]
            : [];
      },
    });
    expect(asked).toEqual(['a', 'b', 'c']);
    expect(visits.map((v) => v.visitId)).toEqual(['v-c', 'v-a']);
  });
});
