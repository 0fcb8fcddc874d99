import { checkCharacter } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { COMMANDS, commandList, createI18n } from '../src/bot/create-bot';
import type { ChatDirectory } from '../src/data-access/chat-directory';
import {
  itemsStillOffered,
  phoneIsShared,
  registerRequestBody,
  type ApplicationAnswers,
  type ConfirmedApplication,
} from '../src/domain/application';
import {
  readTypedPhone,
  regionName,
  regionNamed,
  servicesByCategory,
  statusChoices,
} from '../src/domain/resident-answers';
import { decideSubmission } from '../src/domain/submit-application/submission';

const packs = PolicyPacks.load();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const idNumber = (first17: string) => first17 + checkCharacter(first17);

const answers: ApplicationAnswers = {
  applicantName: '阿依古丽',
  idNumber: idNumber('65230119500101002'),
  phone: '13909941234',
  phoneSource: 'typed',
  countyCode: '652301',
  townshipCode: '652301001',
  declaredStatus: 'not_sure',
  itemCodes: ['CJ-ZH-01'],
  consentToShare: true,
};

describe('a phone number typed by the resident', () => {
  it('takes mainland mobiles and landlines as typed: spaces, dashes, +86, full-width digits', () => {
    expect(readTypedPhone('139 0994 1234')).toBe('13909941234');
    expect(readTypedPhone('+86 139-0994-1234')).toBe('13909941234');
    expect(readTypedPhone('１３９０９９４１２３４')).toBe('13909941234');
    expect(readTypedPhone('0566-2212349')).toBe('05662212349');
    expect(readTypedPhone('(0994) 2345678')).toBe('09942345678');
  });
  it('refuses what is not a mainland number', () => {
    for (const text of ['12345', '23909941234', '+44 7700 900123', '我的电话', '1390994123', '139099412345'])
      expect(readTypedPhone(text)).toBeUndefined();
  });
});

describe('the region a resident chooses', () => {
  const served = ['chizhou', 'changji'];
  it('reads a deep link’s region, in any case, only when the bot serves it', () => {
    expect(regionNamed('changji', served)).toBe('changji');
    expect(regionNamed(' Chizhou ', served)).toBe('chizhou');
    expect(regionNamed('atlantis', served)).toBeUndefined();
    expect(regionNamed('', served)).toBeUndefined();
    expect(regionNamed(undefined, served)).toBeUndefined();
    expect(regionNamed('changji', ['chizhou'])).toBeUndefined();
  });
  it('names the region in English for English, in Chinese otherwise', () => {
    expect(regionName(changji, 'ug')).toBe('昌吉回族自治州');
    expect(regionName(chizhou, 'en')).toBe(chizhou.name.en);
  });
});

describe('the assistance statuses offered', () => {
  it('are the region’s target groups in the pack’s order, then none and not sure', () => {
    for (const pack of [chizhou, changji]) {
      const offered = statusChoices(pack);
      expect(offered.slice(0, -2)).toEqual(pack.targetGroups.map((g) => ({ kind: 'group', code: g.code })));
      expect(offered.slice(-2)).toEqual([{ kind: 'none' }, { kind: 'not_sure' }]);
    }
  });
});

describe('an application as intake receives it', () => {
  it('says a typed phone was typed, and a status not known as not sure, with no status named', () => {
    expect(registerRequestBody('changji', answers)).toMatchObject({
      region: 'changji',
      channel: 'chatbot',
      applicant: { phone: '13909941234', phoneSource: 'typed' },
      declaredGroups: [],
      declaredStatus: 'not_sure',
    });
    expect(registerRequestBody('changji', { ...answers, declaredStatus: 'none' })).toMatchObject({
      declaredGroups: [],
      declaredStatus: 'none',
    });
  });
  it('names the status declared, with a shared phone', () => {
    const shared = {
      ...answers,
      phoneSource: 'shared_contact' as const,
      declaredStatus: 'declared' as const,
      group: 'tekun',
    };
    expect(registerRequestBody('changji', shared)).toMatchObject({
      applicant: { phoneSource: 'shared_contact' },
      declaredGroups: ['tekun'],
      declaredStatus: 'declared',
    });
  });
  it('reads an application kept before phones could be typed and statuses left open: shared, declared', () => {
    const { phoneSource: _p, declaredStatus: _d, ...kept } = answers;
    const before = { ...kept, group: 'dibao' };
    expect(registerRequestBody('chizhou', before)).toMatchObject({
      applicant: { phoneSource: 'shared_contact' },
      declaredGroups: ['dibao'],
      declaredStatus: 'declared',
    });
    expect(phoneIsShared(before)).toBe(true);
    expect(phoneIsShared(answers)).toBe(false);
  });
  it('keeps the items a new county offers when the address changes', () => {
    const offered = servicesByCategory(changji, '652302', 'zh').flatMap((c) => c.items);
    expect(itemsStillOffered(['CJ-ZH-01', 'CZ-SH-01'], offered)).toEqual(['CJ-ZH-01']);
    expect(itemsStillOffered(['CZ-SH-01'], offered)).toEqual([]);
  });
});

describe('submitting in the chat’s region', () => {
  const application: ConfirmedApplication = {
    applicationId: 'app-1',
    chatId: 9001,
    region: 'changji',
    answers: { ...answers, voiceFileId: 'voice-1' },
    confirmedAt: '2026-11-25T08:00:00.000Z',
  };
  const ctx = { region: 'chizhou', via: 'chat' } as const;
  it('goes to intake in the region the chat applied in, not the bot’s default', () => {
    const { commands } = decideSubmission(undefined, { kind: 'confirmed', application }, ctx);
    expect(commands).toEqual([{ kind: 'register', body: expect.objectContaining({ region: 'changji' }) }]);
    const { region: _r, ...kept } = application;
    expect(decideSubmission(undefined, { kind: 'confirmed', application: kept }, ctx).commands).toEqual([
      { kind: 'register', body: expect.objectContaining({ region: 'chizhou' }) },
    ]);
  });
  it('does not take a typed phone as the chat’s own; attaches the voice note in the case’s region', () => {
    const registration = {
      status: 'registered' as const,
      caseId: 'c-1',
      caseNumber: 'CJ652301-2026-000001',
      mergedItems: [],
    };
    const typed = decideSubmission(application, { kind: 'registered', registration }, ctx).commands;
    const remember = typed.find((c) => c.kind === 'remember-case')!;
    expect(remember).not.toHaveProperty('phone');
    expect(typed).toContainEqual({
      kind: 'attach-voice-note',
      region: 'changji',
      caseId: 'c-1',
      voiceFileId: 'voice-1',
    });
    const shared = { ...application, answers: { ...application.answers, phoneSource: 'shared_contact' as const } };
    expect(decideSubmission(shared, { kind: 'registered', registration }, ctx).commands).toContainEqual(
      expect.objectContaining({ kind: 'remember-case', phone: '13909941234' }),
    );
  });
});

describe('the command list', () => {
  const i18n = createI18n({ locale: async () => undefined } as unknown as ChatDirectory, 'zh');
  it('offers /help and /region, described in each language', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['help', 'region']));
    for (const locale of ['zh', 'ug', 'en']) {
      const list = commandList(i18n, locale);
      const help = list.find((c) => c.command === 'help')!.description;
      const region = list.find((c) => c.command === 'region')!.description;
      expect(help).not.toMatch(/^menu-/);
      expect(region).not.toMatch(/^menu-/);
      expect(help).toBe(i18n.t(locale, 'menu-help').replace(/^[^\p{L}]+/u, ''));
    }
  });
  it('/help in Uyghur is Uyghur', () => {
    expect(i18n.t('ug', 'help')).toMatch(/[\u0600-\u06FF]/);
    expect(i18n.t('ug', 'help')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
