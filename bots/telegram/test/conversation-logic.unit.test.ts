import { checkCharacter } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createI18n } from '../src/bot/create-bot';
import { regionJurisdiction } from '../src/channel-token';
import type { ChatDirectory } from '../src/data-access/chat-directory';
import { registerRequestBody } from '../src/domain/application';
import { chinaTime, departmentName, listOf, progressNotices, receiverOf } from '../src/domain/progress-notice';
import {
  isOwnContact,
  readContactPhone,
  readIdNumber,
  regionLanguages,
  servicesByCategory,
} from '../src/domain/resident-answers';

const packs = PolicyPacks.load();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const today = new Date('2026-11-25T08:00:00Z');
const valid = (() => {
  const first17 = '34170219480315022';
  return first17 + checkCharacter(first17);
})();

describe('reading an ID number as a resident types it', () => {
  it('accepts a valid number, also with spaces, full-width digits and a small x', () => {
    expect(readIdNumber(valid, today)).toEqual({ ok: true, idNumber: valid });
    expect(readIdNumber(`${valid.slice(0, 6)} ${valid.slice(6, 14)} ${valid.slice(14)}`, today)).toEqual({
      ok: true,
      idNumber: valid,
    });
    const fullWidth = valid.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(readIdNumber(fullWidth, today)).toEqual({ ok: true, idNumber: valid });
    const withX = Array.from({ length: 200 }, (_, n) => `34170219480315${String(n).padStart(3, '0')}`)
      .map((first17) => first17 + checkCharacter(first17))
      .find((id) => id.endsWith('X'))!;
    expect(readIdNumber(withX.toLowerCase(), today)).toEqual({ ok: true, idNumber: withX });
  });

  it('re-asks with the message that names what is wrong', () => {
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    expect(readIdNumber(wrongCheck, today)).toEqual({ ok: false, reaskKey: 'id-problem-check' });
    expect(readIdNumber('12345', today)).toEqual({ ok: false, reaskKey: 'id-problem-format' });
    const future = '34170220300101001';
    expect(readIdNumber(future + checkCharacter(future), today)).toEqual({ ok: false, reaskKey: 'id-problem-birth' });
  });
});

describe('the phone of a shared contact', () => {
  it('drops the country code and the plus', () => {
    expect(readContactPhone('+8613905661234')).toBe('13905661234');
    expect(readContactPhone('8613905661234')).toBe('13905661234');
    expect(readContactPhone('13905661234')).toBe('13905661234');
  });
  it('refuses a number outside mainland China', () => {
    expect(readContactPhone('+447700900123')).toBeUndefined();
  });
});

describe('whose contact it is', () => {
  it('takes only the resident’s own contact, as the share button sends it', () => {
    expect(isOwnContact({ user_id: 7001 }, 7001)).toBe(true);
    expect(isOwnContact({ user_id: 7002 }, 7001)).toBe(false);
    // A card typed in or forwarded from the address book has no user id.
    expect(isOwnContact({}, 7001)).toBe(false);
    expect(isOwnContact({ user_id: 7001 }, undefined)).toBe(false);
  });
});

describe('the catalogue as the resident sees it', () => {
  it('groups the items offered in the county by category, in the pack’s order', () => {
    const groups = servicesByCategory(chizhou, '341702', 'zh');
    expect(groups.map((g) => g.category)).toEqual([...new Set(chizhou.catalogue.map((i) => i.category))]);
    const all = groups.flatMap((g) => g.items.map((i) => i.code));
    expect(new Set(all).size).toBe(all.length);
    expect(groups.find((g) => g.category === 'daily_living_care')!.items.map((i) => i.name)).toContain('助餐送餐');
  });
  it('leaves out items not offered in the county', () => {
    const limited = {
      ...chizhou,
      catalogue: chizhou.catalogue.map((i, n) => (n === 0 ? { ...i, serviceAreas: ['341721'] } : i)),
    };
    const codes = servicesByCategory(limited, '341702', 'zh').flatMap((g) => g.items.map((i) => i.code));
    expect(codes).not.toContain(chizhou.catalogue[0]!.code);
  });
  it('names items in English for an English-speaking resident', () => {
    expect(servicesByCategory(chizhou, '341702', 'en')[0]!.items[0]!.name).toBe(chizhou.catalogue[0]!.name.en);
  });
});

describe('region languages', () => {
  it('Changji serves residents in Chinese and Uyghur, Chizhou in Chinese and English', () => {
    expect(regionLanguages(changji)).toEqual({ languages: ['zh', 'ug'], defaultLanguage: 'zh' });
    expect(regionLanguages(chizhou)).toEqual({ languages: ['zh', 'en'], defaultLanguage: 'zh' });
  });
  it('the bot’s token covers the whole region', () => {
    expect(regionJurisdiction(chizhou)).toBe('3417');
    expect(regionJurisdiction(changji)).toBe('6523');
  });
});

describe('progress messages', () => {
  const caseNumber = 'CZ341702-2026-000123';
  it('tells each decided item on its own, with the reason of a refusal', () => {
    const notices = progressNotices(
      'eligibility.decided.v1',
      {
        caseNumber,
        items: [
          { itemCode: chizhou.catalogue[0]!.code, approved: true, reason: '符合条件' },
          { itemCode: chizhou.catalogue[1]!.code, approved: false, reason: '不属于服务对象' },
        ],
      },
      chizhou,
      'zh',
    );
    expect(notices).toEqual([
      { key: 'push-approved', params: { caseNumber, item: chizhou.catalogue[0]!.name.zh, reason: '符合条件' } },
      { key: 'push-rejected', params: { caseNumber, item: chizhou.catalogue[1]!.name.zh, reason: '不属于服务对象' } },
    ]);
  });
  it('tells a resident when dynamic management stops a service, and why', () => {
    expect(
      progressNotices(
        'eligibility.changed.v1',
        {
          caseNumber,
          effectiveFrom: '2026-11-25',
          stoppedItems: [{ itemCode: chizhou.catalogue[0]!.code, reason: '已退出特困供养' }],
        },
        chizhou,
        'zh',
      ),
    ).toEqual([
      {
        key: 'push-stopped',
        params: { caseNumber, item: chizhou.catalogue[0]!.name.zh, reason: '已退出特困供养', from: '2026-11-25' },
      },
    ]);
  });
  it('says where a referral went, by the receiver’s name, and when a visit is, in China time', () => {
    const route = { kind: 'department', departmentCode: 'health' };
    expect(
      progressNotices('referral.created.v1', { caseNumber, itemCode: 'XX-YY-01', route }, chizhou, 'zh', '卫健'),
    ).toEqual([{ key: 'push-referred-department', params: { caseNumber, item: 'XX-YY-01', receiver: '卫健' } }]);
    // A receiver whose name could not be found: the words without a name, never its code.
    expect(progressNotices('referral.created.v1', { caseNumber, itemCode: 'XX-YY-01', route }, chizhou, 'zh')).toEqual([
      { key: 'push-referred-department-unnamed', params: { caseNumber, item: 'XX-YY-01' } },
    ]);
    expect(chinaTime('2026-11-26T01:30:00Z')).toBe('2026-11-26 09:30');
  });
  it('tells a receiver receiving, accepting and completing a referral; not a rejection (it is re-routed)', () => {
    const item = chizhou.catalogue[0]!;
    const data = { itemCode: item.code, route: { kind: 'provider', providerId: 'p1', contractId: 'k1' } };
    for (const step of ['received', 'accepted', 'completed'])
      expect(progressNotices(`referral.${step}.v1`, data, chizhou, 'en', 'Sunshine')).toEqual([
        { key: `push-${step}`, params: { item: item.name.en, receiver: 'Sunshine' } },
      ]);
    expect(progressNotices('referral.rejected.v1', data, chizhou, 'en', 'Sunshine')).toEqual([]);
    expect(receiverOf('referral.accepted.v1', data)).toEqual({ kind: 'provider', providerId: 'p1' });
    expect(receiverOf('visit.delivered.v1', data)).toBeUndefined();
  });
  it('names a department in the resident’s language where the pack has it, else in Chinese', () => {
    expect(departmentName(chizhou, 'health', 'en')).toBe('Health Commission');
    expect(departmentName(chizhou, 'health', 'zh')).toBe('卫健');
    expect(departmentName(changji, 'justice', 'ug')).toBe(changji.departmentNames.ug!.justice);
    expect(departmentName({ ...chizhou, departmentNames: {} }, 'health', 'en')).toBe('卫健');
    expect(departmentName(chizhou, 'police', 'en')).toBeUndefined();
  });
  it('joins lists as each language does: 、和 in Chinese, commas and "and" in English, ۋە in Uyghur', () => {
    expect(listOf(['助餐送餐', '居家清洁', '心理疏导'], 'zh')).toBe('助餐送餐、居家清洁和心理疏导');
    expect(listOf(['Meal help', 'Home cleaning', 'Counselling'], 'en')).toBe(
      'Meal help, Home cleaning, and Counselling',
    );
    expect(listOf(['Meal help', 'Home cleaning'], 'en')).not.toContain('、');
    expect(listOf(['家政助洁', '代步代购', '探访'], 'ug')).toBe('家政助洁، 代步代购 ۋە 探访');
    expect(listOf(['探访'], 'ug')).toBe('探访');
  });
  it('says nothing for events residents need not hear about', () => {
    expect(progressNotices('investigation.assigned.v1', { caseNumber }, chizhou, 'zh')).toEqual([]);
  });
});

describe('the application as intake receives it', () => {
  it('is a chatbot request with the proxy, the place and the description', () => {
    const body = registerRequestBody('chizhou', {
      applicantName: '王秀英',
      idNumber: valid,
      phone: '13905661234',
      proxy: { name: '王小明', relation: '子女' },
      countyCode: '341702',
      townshipCode: '341702001',
      group: 'tekun',
      itemCodes: ['CZ-SH-01'],
      voiceFileId: 'voice-1',
      consentToShare: true,
    });
    expect(body).toMatchObject({
      channel: 'chatbot',
      proxy: { name: '王小明', relation: '子女' },
      address: { township: '341702001' },
      declaredGroups: ['tekun'],
      description: '（语音留言，见附件）',
    });
    expect(body.address).not.toHaveProperty('village');
  });
});

describe('translations', () => {
  const keys = (locale: string) =>
    readFileSync(join(__dirname, '../locales', `${locale}.ftl`), 'utf8')
      .split('\n')
      .map((l) => /^([a-z][a-z0-9_-]*) =/.exec(l)?.[1])
      .filter((k): k is string => k !== undefined);
  it('every message exists in Chinese, Uyghur and English', () => {
    const zh = keys('zh').sort();
    expect(keys('ug').sort()).toEqual(zh);
    expect(keys('en').sort()).toEqual(zh);
  });
  it('every catalogue category has a name', () => {
    const categories = new Set([...chizhou.catalogue, ...changji.catalogue].map((i) => `category-${i.category}`));
    for (const c of categories) expect(keys('zh')).toContain(c);
  });
});

describe('rendering the messages', () => {
  const i18n = createI18n({} as ChatDirectory, 'zh');
  const source = (locale: string) => readFileSync(join(__dirname, '../locales', `${locale}.ftl`), 'utf8');
  it.each(['zh', 'ug', 'en'])('every %s message renders with its variables filled in', (locale) => {
    const messages = source(locale).split(/\n(?=[a-z])/);
    for (const message of messages) {
      const key = /^([a-z][a-z0-9_-]*) =/.exec(message)?.[1];
      if (!key) continue;
      const vars = [...message.matchAll(/\{ \$([a-zA-Z]+) \}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(vars.map((v) => [v, `«${v}»`]));
      const text = i18n.t(locale, key, params);
      expect(text).not.toBe(key);
      for (const v of vars) expect(text).toContain(`«${v}»`);
      expect(text).not.toMatch(/\{\s*\$/);
    }
  });
  it('a refusal reads its reason in Uyghur', () => {
    const text = i18n.t('ug', 'push-rejected', {
      caseNumber: 'CJ652301-2026-000007',
      item: '家政助洁',
      reason: '不符合条件',
    });
    expect(text).toContain('CJ652301-2026-000007');
    expect(text).toContain('سەۋەبى: 不符合条件');
  });
});
