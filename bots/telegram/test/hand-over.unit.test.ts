import { chatPerson, joinedAs } from '../src/domain/hand-over/chat-person';
import { operatorOutsideRegion, regionOfHandover } from '../src/domain/hand-over/handover-region';
import type { ChatCase } from '../src/domain/resident-chats';

const known = (caseNumber: string, name: string, at: string, township?: string): ChatCase => ({
  caseId: `id-${caseNumber}`,
  caseNumber,
  name,
  itemCodes: ['CZ-SH-01'],
  linkedBy: 'filed',
  at,
  ...(township ? { township } : {}),
});

describe('who the operator is told is in a handed-over chat (pure)', () => {
  it('the newest own case: its person in full, its number and township; every case listed', () => {
    const person = chatPerson([
      known('CZ341702-2026-000001', '张德明', '2026-11-01T00:00:00Z', '341702001'),
      known('CZ341702-2026-000009', '张桂兰', '2026-11-20T00:00:00Z', '341702002'),
    ]);
    expect(person).toMatchObject({
      name: '张桂兰',
      caseNumber: 'CZ341702-2026-000009',
      caseId: 'id-CZ341702-2026-000009',
      township: '341702002',
    });
    expect(person.cases.map((c) => c.name)).toEqual(['张桂兰', '张德明']);
  });

  it('a chat with no case of its own: nobody named', () => {
    expect(chatPerson([])).toEqual({ cases: [] });
  });

  it('the resident hears the operator’s display name, else the seat number', () => {
    expect(joinedAs('王芳')).toEqual({ name: '王芳' });
    expect(joinedAs('  ')).toEqual({ seat: true });
    expect(joinedAs(undefined)).toEqual({ seat: true });
  });
});

describe('which operators serve a handed-over chat (pure)', () => {
  const served = ['chizhou', 'changji'];

  it('the operators of the chat’s region, whichever region is the bot’s default', () => {
    expect(operatorOutsideRegion('changji', served, { region: 'changji' })).toBeUndefined();
    expect(operatorOutsideRegion('chizhou', served, { region: 'chizhou' })).toBeUndefined();
    expect(operatorOutsideRegion('chizhou', served, { region: 'changji' })).toBe(
      'this chat is of changji, you act for chizhou',
    );
    expect(operatorOutsideRegion('changji', served, { region: 'chizhou' })).toBe(
      'this chat is of chizhou, you act for changji',
    );
  });

  it('no operator of a region the bot does not serve, chat or no chat', () => {
    expect(operatorOutsideRegion('other', served)).toBe('this bot serves chizhou, changji, you act for other');
    expect(operatorOutsideRegion('changji', ['chizhou'])).toBe('this bot serves chizhou, you act for changji');
    expect(operatorOutsideRegion('changji', served)).toBeUndefined();
  });

  it('a hand-over kept before regions were is the default region’s', () => {
    expect(regionOfHandover({}, 'chizhou')).toBe('chizhou');
    expect(regionOfHandover({ region: 'changji' }, 'chizhou')).toBe('changji');
    expect(operatorOutsideRegion('changji', served, {})).toBe('this chat is of chizhou, you act for changji');
  });
});
