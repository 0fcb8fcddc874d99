import { checkCharacter } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import {
  CallFlow,
  keyedIdNumber,
  MAX_REPROMPTS,
  nationalNumber,
  newCall,
  type CallPorts,
  type CallState,
  type Lookup,
  type VerifiedLookup,
} from '../src/domain/call-flow';
import { loadPrompts } from '../src/data-access/prompt-files';
import { readIdNumber, readOut, resolvePrompts, type RegionPromptsData } from '../src/domain/prompts';
import { renderTwiml } from '../src/entry-points/http/twiml';

const packs = loadPolicyPacks();
const prompts = loadPrompts({ get: (r: string) => packs.get(r) });
const chizhou = prompts.get('chizhou')!;
const changji = prompts.get('changji')!;
const first17 = '34170219500101001';
const ID = first17 + checkCharacter(first17);

const known: Lookup = {
  person: { personId: 'p_1', name: '张桂兰' },
  requests: [
    {
      caseId: 'c1',
      caseNumber: 'CZ341702-2026-000042',
      registeredAt: '2026-11-20T02:00:00Z',
      items: [{ itemCode: 'CZ-SH-01', name: '助餐送餐' }],
      status: { code: 'investigating', zh: '正在入户调查' },
    },
  ],
};

/** The code intake texted to the phone on file of `known`. */
const CODE = '482913';

/**
 * Intake and complaints as the call sees them: a code asked for is "texted"; a look-up answers `byId` for the
 * right code only (else the code is refused, or `lookupAnswer` says what intake says).
 */
function fakePorts(byId: Lookup = known, lookupAnswer?: VerifiedLookup) {
  const made: { kind: string; input: unknown }[] = [];
  const asked: { kind: string; input: unknown }[] = [];
  const ports: CallPorts = {
    requestCode: async (input) => {
      asked.push({ kind: 'code', input });
      return lookupAnswer?.kind === 'too_many' ? 'too_many' : 'sent';
    },
    lookupByIdNumber: async (input) => {
      asked.push({ kind: 'lookup', input });
      if (lookupAnswer) return lookupAnswer;
      return input.code === CODE ? { kind: 'found', lookup: byId } : { kind: 'wrong_code' };
    },
    registerRequest: async (input) => {
      made.push({ kind: 'request', input });
      return { caseNumber: 'CZ341702-2026-000043' };
    },
    fileComplaint: async (input) => {
      made.push({ kind: 'complaint', input });
      return { complaintNumber: 'TS-20261125-0007' };
    },
    applyPendingIdentity: async (input) => {
      made.push({ kind: 'pending', input });
      return { applicationNumber: 'CZ341702-2026-D00001', applicationId: 'a1' };
    },
    // Visit confirmations: see confirm-visit.unit.test.ts.
    awaitingConfirmation: async () => [],
    confirmVisit: async () => ({ kind: 'confirmation_closed' }),
    disputeVisit: async () => ({ kind: 'confirmation_closed' }),
  };
  return { ports, made, asked };
}

async function drive(flow: CallFlow, inputs: { digits?: string; recordingUrl?: string }[], from = '+8613800138000') {
  let { state, answer } = await flow.start(newCall({ callSid: 'CA1', region: 'chizhou', from, now: new Date() }));
  const answers = [answer];
  for (const input of inputs) {
    ({ state, answer } = await flow.step(state, input));
    answers.push(answer);
  }
  return { state, answers, last: answers.at(-1)! };
}

describe('prompts as data', () => {
  it('load for both regions; Changji offers Uyghur; townships get two-digit keys from the pack', () => {
    expect(chizhou.languages).toEqual(['zh']);
    expect(changji.languages).toEqual(['zh', 'ug']);
    expect(chizhou.townships[0]).toMatchObject({ key: '01', code: '341702001' });
    expect(chizhou.items.find((i) => i.key === '1')!.label.zh).toBe('助餐送餐');
  });

  it('refuse items or groups the pack does not have, and missing Uyghur labels', () => {
    const data = (over: Partial<RegionPromptsData>): RegionPromptsData =>
      ({
        region: 'changji',
        operator: '0994',
        languages: { zh: changji.text.zh, ug: changji.text.ug },
        items: [{ key: '1', code: 'CJ-ZH-01', ug: 'x' }],
        groups: [{ key: '1', code: 'dibao', ug: 'x' }],
        ...over,
      }) as RegionPromptsData;
    expect(() => resolvePrompts(data({}), packs.get('changji')!)).not.toThrow();
    expect(() =>
      resolvePrompts(data({ items: [{ key: '1', code: 'CZ-SH-01', ug: 'x' }] }), packs.get('changji')!),
    ).toThrow(/not in the changji pack/);
    expect(() => resolvePrompts(data({ groups: [{ key: '1', code: 'dibao' }] }), packs.get('changji')!)).toThrow(
      /ug is required/,
    );
  });

  it('read numbers digit by digit', () => {
    expect(readOut('CZ341702-2026-000043', chizhou.text.zh)).toBe(
      'C Z 三 四 一 七 零 二，二 零 二 六，零 零 零 零 四 三',
    );
    expect(readOut('1X', chizhou.text.zh)).toBe('一 叉');
    expect(keyedIdNumber('34170219500101001*#')).toBe('34170219500101001X');
    expect(nationalNumber('+8613800138000')).toBe('13800138000');
  });
});

describe('the call flow', () => {
  it('apply: ID keyed, read back and confirmed, the code texted to the phone on file, item, township, group, recording → one request, case number read back', async () => {
    const { ports, made, asked } = fakePorts();
    const { state, answers, last } = await drive(new CallFlow(chizhou, ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
      { digits: '5' },
      { digits: '01' },
      { digits: '1' },
      { recordingUrl: 'http://rec/1' },
    ]);
    expect(answers[0]!.say.join()).toContain('池州市社会救助服务热线');
    // Read back in groups (address code, birth date, sequence + check), 1 to hear it again.
    expect(answers[2]!.say.join()).toContain(readIdNumber(ID, chizhou.text.zh));
    expect(
      readIdNumber(ID, chizhou.text.zh)
        .split('，')
        .map((g) => g.split(' ').length),
    ).toEqual([6, 8, 4]);
    expect(answers[2]!.say.join()).toContain('重听请按1，确认请按2，重新输入请按3');
    expect(answers[3]!.say).toEqual([chizhou.text.zh.askCode, chizhou.text.zh.firstTimeHint]);
    expect(answers[3]!.then).toMatchObject({ verb: 'gather', numDigits: 6, finishOnKey: '#' });
    expect(answers[4]!.say[0]).toBe('张桂兰，您好。');
    expect(answers[7]!.then).toEqual({ verb: 'record', maxLengthSeconds: 120 });
    expect(asked).toEqual([
      { kind: 'code', input: { region: 'chizhou', idNumber: ID, caller: 'ivr:13800138000' } },
      { kind: 'lookup', input: { region: 'chizhou', idNumber: ID, code: CODE, caller: 'ivr:13800138000' } },
    ]);
    expect(made).toEqual([
      {
        kind: 'request',
        input: {
          callSid: 'CA1',
          region: 'chizhou',
          idNumber: ID,
          name: '张桂兰',
          phone: '13800138000',
          township: '341702001',
          group: 'tekun',
          itemCode: 'CZ-QJ-01',
          recordingUrl: 'http://rec/1',
        },
      },
    ]);
    expect(last.say[0]).toContain('C Z 三 四 一 七 零 二，二 零 二 六，零 零 零 零 四 三');
    expect(last.say[1]).toBe(chizhou.text.zh.repeatNumber);
    expect(last.then).toMatchObject({ verb: 'gather', numDigits: 1 });
    expect(state).toMatchObject({ outcome: 'applied', caseNumber: 'CZ341702-2026-000043' });
    expect(state.path).toEqual([
      'menu:1',
      'id-entry:keyed',
      'id-confirm:2',
      'code-entry:keyed',
      'apply-item:5',
      'apply-township:01',
      'apply-group:1',
      'apply-record:recording',
    ]);
    // The call record never holds the ID number or the code the caller keyed in.
    expect(JSON.stringify(state.path)).not.toContain(ID.slice(0, 17));
    expect(JSON.stringify(state.path)).not.toContain(CODE);
  });

  it('reads an item the prompts do not name by the catalogue name intake gives (zh), never as an object', async () => {
    const lookup: Lookup = {
      person: known.person,
      requests: [
        {
          ...known.requests[0]!,
          items: [{ itemCode: 'CZ-XX-99', name: { zh: '心理疏导', en: 'Counselling' } }, { itemCode: 'CZ-YY-98' }],
        },
      ],
    };
    const { answers } = await drive(new CallFlow(chizhou, fakePorts(lookup).ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
    ]);
    expect(answers[4]!.say[1]).toBe('11月20日申请的心理疏导、CZ-YY-98，正在入户调查。');
  });

  it('greets nobody by name and reads nothing out until the code texted to the phone on file is keyed in; then complains about their application, asked what it is about', async () => {
    const { ports, made } = fakePorts(known);
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
      { digits: '2' },
      { digits: '1' },
      { recordingUrl: 'http://rec/2' },
      { digits: '1' },
      { digits: '' },
    ]);
    expect(answers[0]!.say).toEqual([chizhou.text.zh.welcome, chizhou.text.zh.menu]);
    expect(answers.slice(0, 4).map((a) => a.say.join())).not.toContainEqual(expect.stringContaining('张桂兰'));
    expect(answers[4]!.say.slice(0, 2)).toEqual(['张桂兰，您好。', '11月20日申请的助餐送餐，正在入户调查。']);
    expect(answers[4]!.then).toMatchObject({ verb: 'gather', numDigits: 1 });
    // Asked what the complaint is about, never filed as "other" about the latest case.
    expect(answers[5]!.say).toEqual([chizhou.text.zh.askComplaintTopic]);
    expect(answers[6]!.say).toEqual([chizhou.text.zh.askComplaintMessage]);
    expect(made).toEqual([
      {
        kind: 'complaint',
        input: {
          callSid: 'CA1',
          region: 'chizhou',
          type: 'eligibility_decision',
          about: { caseNumber: 'CZ341702-2026-000042' },
          phone: '13800138000',
          recordingUrl: 'http://rec/2',
        },
      },
    ]);
    expect(answers[7]!.say[0]).toContain('T S，二 零 二 六 一 一 二 五，零 零 零 七');
    // 1 reads the number again; anything else says goodbye.
    expect(answers[8]!.say).toEqual(answers[7]!.say);
    expect(answers[9]!.then).toEqual({ verb: 'hangup' });
    expect(state.outcome).toBe('complained');
  });

  const withVisits: Lookup = {
    person: known.person,
    requests: [
      {
        ...known.requests[0]!,
        recentVisits: [
          {
            visitId: 'v-older',
            providerId: 'prov-1',
            workerId: 'w-1',
            itemCode: 'CZ-SH-01',
            at: '2026-11-21T02:00:00Z',
            delivered: true,
          },
          {
            visitId: 'v-newer',
            providerId: 'prov-1',
            workerId: 'w-2',
            itemCode: 'CZ-SH-01',
            at: '2026-11-23T02:00:00Z',
            delivered: true,
          },
        ],
        providers: [{ providerId: 'prov-1', itemCode: 'CZ-SH-01', referredAt: '2026-11-20T05:00:00Z' }],
      },
    ],
  };

  it('a complaint about a provider or worker asks which recent visit (newest first) and names the provider, the worker and the case', async () => {
    const { ports, made } = fakePorts(withVisits);
    const { answers } = await drive(new CallFlow(chizhou, ports), [
      { digits: '2' },
      { digits: '2' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
      { digits: '2' },
      { recordingUrl: 'http://rec/4' },
    ]);
    expect(answers[2]!.say).toEqual([chizhou.text.zh.askId]);
    expect(answers[5]!.say).toEqual([
      '张桂兰，您好。',
      chizhou.text.zh.askComplaintService,
      '11月23日的助餐送餐服务请按1，11月21日的助餐送餐服务请按2',
    ]);
    expect(made).toEqual([
      {
        kind: 'complaint',
        input: expect.objectContaining({
          type: 'service_quality',
          about: { caseNumber: 'CZ341702-2026-000042', providerId: 'prov-1', workerId: 'w-1', visitId: 'v-older' },
          detail: '服务记录 v-older（11月21日，助餐送餐）',
        }),
      },
    ]);
  });

  it('without visits, a complaint about a provider asks which provider the items were referred to; without either, the township', async () => {
    const noVisits: Lookup = {
      ...withVisits,
      requests: [{ ...withVisits.requests[0]!, recentVisits: [] }],
    };
    const { ports, made } = fakePorts(noVisits);
    const { answers } = await drive(new CallFlow(chizhou, ports), [
      { digits: '2' },
      { digits: '2' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
      { digits: '1' },
      { recordingUrl: 'http://rec/5' },
    ]);
    expect(answers[5]!.say.slice(1)).toEqual([chizhou.text.zh.askComplaintService, '助餐送餐的服务机构请按1']);
    expect(made[0]!.input).toMatchObject({
      type: 'service_quality',
      about: { caseNumber: 'CZ341702-2026-000042', providerId: 'prov-1' },
    });
    const none = await drive(new CallFlow(chizhou, fakePorts(known).ports), [
      { digits: '2' },
      { digits: '2' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
    ]);
    expect(none.last.say.slice(1, 3)).toEqual([chizhou.text.zh.noServices, chizhou.text.zh.askTownship]);
  });

  it('a complaint about a township office or anything else names the township, filed as staff conduct / other', async () => {
    for (const [key, type] of [
      ['3', 'staff_conduct'],
      ['4', 'other'],
    ] as const) {
      const { ports, made } = fakePorts();
      const { answers } = await drive(new CallFlow(chizhou, ports), [
        { digits: '2' },
        { digits: key },
        { digits: '01' },
        { recordingUrl: 'http://rec/6' },
      ]);
      expect(answers[2]!.say[0]).toBe(chizhou.text.zh.askTownship);
      expect(made).toEqual([
        { kind: 'complaint', input: expect.objectContaining({ type, about: { township: '341702001' } }) },
      ]);
    }
  });

  it('a complaint whose recording cannot be fetched yet is filed later: the caller hears it is recorded, no number', async () => {
    const { ports } = fakePorts();
    const queued: CallPorts = { ...ports, fileComplaint: async () => ({}) };
    const { last, state } = await drive(new CallFlow(chizhou, queued), [
      { digits: '2' },
      { digits: '4' },
      { digits: '01' },
      { recordingUrl: 'http://rec/7' },
    ]);
    expect(last.say).toEqual([chizhou.text.zh.complaintQueued, chizhou.text.zh.goodbye]);
    expect(state.outcome).toBe('complained');
  });

  it(`a wrong code is refused and asked again, ${MAX_REPROMPTS} times, then an operator; nothing is read out or made`, async () => {
    const { ports, made } = fakePorts();
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '2' },
      { digits: '111111' },
      { digits: '12' },
      { digits: '222222' },
      { digits: '333333' },
    ]);
    for (const a of answers.slice(4, 7)) expect(a.say).toEqual([chizhou.text.zh.badCode, chizhou.text.zh.askCode]);
    expect(answers[7]!.then).toEqual({ verb: 'dial', number: '0566-2212349' });
    expect(JSON.stringify(answers)).not.toContain('张桂兰');
    expect(state.person).toBeUndefined();
    expect(made).toEqual([]);
  });

  it('too many look-ups go to an operator, and 0 at the code asks for one', async () => {
    const { last, state } = await drive(new CallFlow(chizhou, fakePorts(known, { kind: 'too_many' }).ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '2' },
    ]);
    expect(last.say).toEqual([chizhou.text.zh.tooMany, chizhou.text.zh.operator]);
    expect(state.outcome).toBe('operator');
    const zero = await drive(new CallFlow(chizhou, fakePorts().ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '2' },
      { digits: '0' },
    ]);
    expect(zero.last.then.verb).toBe('dial');
  });

  it('a wrong ID number is refused and asked again; 3 at the read-back re-enters it', async () => {
    const { ports } = fakePorts();
    const wrong = first17 + (checkCharacter(first17) === '1' ? '2' : '1');
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '1' },
      { digits: wrong },
      { digits: ID },
      { digits: '3' },
    ]);
    expect(answers[2]!.say[0]).toBe('最后一位校验码不对，请核对后重新输入。');
    expect(answers[3]!.say[0]).toContain('您输入的身份证号码是');
    expect(state.node).toBe('id-entry');
  });

  it(`invalid or no input re-prompts ${MAX_REPROMPTS} times, then transfers to an operator; nothing is made`, async () => {
    const { ports, made } = fakePorts();
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '7' },
      {},
      { digits: '#' },
      { digits: '9' },
    ]);
    for (const a of answers.slice(1, 4)) expect(a.say[0]).toBe(chizhou.text.zh.invalid);
    expect(answers[4]!.then).toEqual({ verb: 'dial', number: '0566-2212349' });
    expect(state.outcome).toBe('operator');
    expect(made).toEqual([]);
  });

  it('says what is wrong with a keyed ID number: too few digits, the birth date, the address code, the check digit; 1 reads it again', async () => {
    const flow = new CallFlow(chizhou, fakePorts().ports, () => new Date('2026-11-25T00:00:00Z'));
    const { answers } = await drive(flow, [
      { digits: '1' },
      { digits: '3417021950#' },
      { digits: '341702' + '19501341' + '0010' },
      { digits: '041702' + '19500101' + '0010' },
      { digits: ID },
      { digits: '1' },
    ]);
    expect(answers[2]!.say[0]).toBe('您输入了10位，身份证号码应为18位。');
    expect(answers[3]!.say[0]).toBe(chizhou.text.zh.badIdBirthDate);
    expect(answers[4]!.say[0]).toBe(chizhou.text.zh.badIdAddress);
    expect(answers[6]!.say).toEqual(answers[5]!.say);
  });

  it('a caller not on file applies all the same: name and need recorded, the township chosen, filed as awaiting identity to be called back', async () => {
    const { ports, made } = fakePorts({ person: null, requests: [] });
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '2' },
      { digits: '9' },
      { recordingUrl: 'http://rec/name' },
      { digits: '01' },
      { recordingUrl: 'http://rec/need' },
    ]);
    expect(answers[4]!.say).toEqual([chizhou.text.zh.askFirstName]);
    expect(answers[4]!.then).toMatchObject({ verb: 'record' });
    expect(answers[5]!.say[0]).toBe(chizhou.text.zh.askTownship);
    expect(answers[6]!.say).toEqual([chizhou.text.zh.askFirstNeed]);
    expect(made).toEqual([
      {
        kind: 'pending',
        input: {
          callSid: 'CA1',
          region: 'chizhou',
          phone: '13800138000',
          township: '341702001',
          nameRecordingUrl: 'http://rec/name',
          needRecordingUrl: 'http://rec/need',
        },
      },
    ]);
    expect(answers[7]!.say[0]).toContain(
      '您的申请已登记，登记编号是：C Z 三 四 一 七 零 二，二 零 二 六，D 零 零 零 零 一',
    );
    expect(state).toMatchObject({ outcome: 'applied', applicationNumber: 'CZ341702-2026-D00001' });
    // The ID number keyed is not kept.
    expect(state.idNumber).toBeUndefined();
    // A code that finds nobody leads the same way.
    const unknown = await drive(new CallFlow(chizhou, fakePorts({ person: null, requests: [] }).ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
    ]);
    expect(unknown.last.say).toEqual([chizhou.text.zh.unknownPerson, chizhou.text.zh.askFirstName]);
  });

  it('a first-time caller whose number is withheld cannot be called back: an operator takes the application', async () => {
    const { ports, made } = fakePorts();
    const { last, state } = await drive(
      new CallFlow(chizhou, ports),
      [{ digits: '1' }, { digits: ID }, { digits: '2' }, { digits: '9' }],
      'anonymous',
    );
    expect(last.say).toEqual([chizhou.text.zh.noCallBackNumber, chizhou.text.zh.operator]);
    expect(state).toMatchObject({ outcome: 'operator', transferReason: 'unknown_person' });
    expect(made).toEqual([]);
  });

  it('Changji asks for the language first and speaks Uyghur after 2', async () => {
    const { ports } = fakePorts();
    const flow = new CallFlow(changji, ports);
    const started = await flow.start(newCall({ callSid: 'CA2', region: 'changji', from: '', now: new Date() }));
    expect(started.state.node).toBe('language');
    // Each language's line in its own voice.
    const menu = renderTwiml(started.answer, {
      language: changji.text.zh.say,
      voices: { zh: changji.text.zh.say, ug: changji.text.ug!.say },
      action: 'https://x/ivr/changji/voice/step?seq=1',
    });
    expect(menu).toContain(`<Say language="cmn-CN">${changji.text.zh.choose}</Say>`);
    expect(menu).toContain(`<Say language="ug-CN">${changji.text.ug!.choose}</Say>`);
    const again = await flow.step(started.state, { digits: '7' });
    expect(again.answer.say).toEqual([
      { text: changji.text.zh.invalid, language: 'zh' },
      { text: changji.text.ug!.invalid, language: 'ug' },
      { text: changji.text.zh.choose, language: 'zh' },
      { text: changji.text.ug!.choose, language: 'ug' },
    ]);
    const ug = await flow.step(started.state, { digits: '2' });
    expect(ug.state.language).toBe('ug');
    expect(ug.answer.say.join()).toContain(changji.text.ug!.menu);
    const twiml = renderTwiml(ug.answer, {
      language: changji.text.ug!.say,
      action: 'https://x/ivr/changji/voice/step?seq=2',
    });
    expect(twiml).toContain('<Gather');
    expect(twiml).toContain('language="ug-CN"');
  });

  it('a failing service sends the caller to an operator rather than losing them', async () => {
    const { ports } = fakePorts();
    const broken: CallPorts = { ...ports, registerRequest: async () => Promise.reject(new Error('down')) };
    const { last, state } = await drive(new CallFlow(chizhou, broken), [
      { digits: '1' },
      { digits: ID },
      { digits: '2' },
      { digits: CODE },
      { digits: '1' },
      { digits: '01' },
      { digits: '1' },
      { recordingUrl: 'http://rec/3' },
    ]);
    expect(last.say).toEqual([chizhou.text.zh.failed, chizhou.text.zh.operator]);
    expect((state as CallState).outcome).toBe('operator');
  });
});

describe('TwiML', () => {
  it('gathers with the action URL and empty results, records, dials and hangs up', () => {
    const gather = renderTwiml(
      { say: ['你好'], then: { verb: 'gather', numDigits: 1, timeoutSeconds: 6 } },
      { language: 'cmn-CN', action: 'https://ivr.example/ivr/chizhou/voice/step?seq=2' },
    );
    expect(gather).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://ivr.example/ivr/chizhou/voice/step?seq=2" method="POST" input="dtmf" numDigits="1" finishOnKey="" timeout="6" actionOnEmptyResult="true"><Say language="cmn-CN">你好</Say></Gather></Response>',
    );
    expect(
      renderTwiml({ say: [], then: { verb: 'record', maxLengthSeconds: 120 } }, { language: 'cmn-CN', action: 'a' }),
    ).toContain('<Record action="a" method="POST" maxLength="120" finishOnKey="#" playBeep="true" timeout="5"/>');
    expect(
      renderTwiml({ say: ['转人工'], then: { verb: 'dial', number: '12345' } }, { language: 'cmn-CN', action: '' }),
    ).toContain('<Dial>12345</Dial>');
    expect(renderTwiml({ say: ['再见'], then: { verb: 'hangup' } }, { language: 'cmn-CN', action: '' })).toContain(
      '<Hangup/>',
    );
  });
});
