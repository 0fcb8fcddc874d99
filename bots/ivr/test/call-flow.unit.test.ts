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
import { readOut, resolvePrompts, type RegionPromptsData } from '../src/domain/prompts';
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
      { digits: '1' },
      { digits: CODE },
      { digits: '5' },
      { digits: '01' },
      { digits: '1' },
      { recordingUrl: 'http://rec/1' },
    ]);
    expect(answers[0]!.say.join()).toContain('池州市社会救助服务热线');
    expect(answers[2]!.say.join()).toContain(readOut(ID, chizhou.text.zh));
    expect(answers[3]!.say).toEqual([chizhou.text.zh.askCode]);
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
    expect(last.then).toEqual({ verb: 'hangup' });
    expect(state).toMatchObject({ outcome: 'applied', caseNumber: 'CZ341702-2026-000043' });
    expect(state.path).toEqual([
      'menu:1',
      'id-entry:keyed',
      'id-confirm:1',
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
      { digits: '1' },
      { digits: CODE },
    ]);
    expect(answers[4]!.say[1]).toBe('11月20日申请的心理疏导、CZ-YY-98，正在入户调查。');
  });

  it('greets nobody by name and reads nothing out until the code texted to the phone on file is keyed in; then complains about the latest case', async () => {
    const { ports, made } = fakePorts(known);
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '1' },
      { digits: CODE },
      { digits: '2' },
      { recordingUrl: 'http://rec/2' },
    ]);
    expect(answers[0]!.say).toEqual([chizhou.text.zh.welcome, chizhou.text.zh.menu]);
    expect(answers.slice(0, 4).map((a) => a.say.join())).not.toContainEqual(expect.stringContaining('张桂兰'));
    expect(answers[4]!.say.slice(0, 2)).toEqual(['张桂兰，您好。', '11月20日申请的助餐送餐，正在入户调查。']);
    expect(answers[4]!.then).toMatchObject({ verb: 'gather', numDigits: 1 });
    expect(made).toEqual([
      {
        kind: 'complaint',
        input: {
          callSid: 'CA1',
          region: 'chizhou',
          about: { caseNumber: 'CZ341702-2026-000042' },
          phone: '13800138000',
          recordingUrl: 'http://rec/2',
        },
      },
    ]);
    expect(answers[6]!.say[0]).toContain('T S，二 零 二 六 一 一 二 五，零 零 零 七');
    expect(state.outcome).toBe('complained');
  });

  it(`a wrong code is refused and asked again, ${MAX_REPROMPTS} times, then an operator; nothing is read out or made`, async () => {
    const { ports, made } = fakePorts();
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '3' },
      { digits: ID },
      { digits: '1' },
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
      { digits: '1' },
    ]);
    expect(last.say).toEqual([chizhou.text.zh.tooMany, chizhou.text.zh.operator]);
    expect(state.outcome).toBe('operator');
    const zero = await drive(new CallFlow(chizhou, fakePorts().ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '1' },
      { digits: '0' },
    ]);
    expect(zero.last.then.verb).toBe('dial');
  });

  it('a wrong ID number is refused and asked again; 2 at the read-back re-enters it', async () => {
    const { ports } = fakePorts();
    const wrong = first17 + (checkCharacter(first17) === '1' ? '2' : '1');
    const { answers, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '1' },
      { digits: wrong },
      { digits: ID },
      { digits: '2' },
    ]);
    expect(answers[2]!.say[0]).toBe(chizhou.text.zh.badId);
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

  it('an unknown person cannot apply by phone: an operator takes it', async () => {
    const { ports, made } = fakePorts({ person: null, requests: [] });
    const { last, state } = await drive(new CallFlow(chizhou, ports), [
      { digits: '1' },
      { digits: ID },
      { digits: '1' },
      { digits: CODE },
    ]);
    expect(last.say[0]).toBe(chizhou.text.zh.unknownPerson);
    expect(last.then.verb).toBe('dial');
    expect(state.outcome).toBe('operator');
    expect(made).toEqual([]);
  });

  it('Changji asks for the language first and speaks Uyghur after 2', async () => {
    const { ports } = fakePorts();
    const flow = new CallFlow(changji, ports);
    const started = await flow.start(newCall({ callSid: 'CA2', region: 'changji', from: '', now: new Date() }));
    expect(started.state.node).toBe('language');
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
      { digits: '1' },
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
