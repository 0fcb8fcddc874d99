import { PolicyPacks } from '@carelink/policy';
import {
  decideIssueWorkerLinkCode,
  decideLinkWorkerChat,
  decideUnlinkWorkerChat,
  maskedForWorker,
  phoneLast4,
  workerView,
  workerVisitBrief,
} from '../src/domain/worker-chat/worker-chat';
import { codeOf, ctx, givenAssignment, givenVisit, givenWorker, providerStaff } from './fixtures';

const chizhou = PolicyPacks.load().get('chizhou')!;

describe('a worker’s own chat with the bot (link code, link, unlink)', () => {
  const issued = decideIssueWorkerLinkCode(
    givenWorker(),
    { principal: providerStaff(), codeIndex: 'idx-1' },
    ctx,
  ).state!;

  it('provider staff issue a code for their own worker only; staff see 未绑定 with a code waiting, never its index', () => {
    expect(
      codeOf(() =>
        decideIssueWorkerLinkCode(givenWorker(), { principal: providerStaff('prov-b'), codeIndex: 'x' }, ctx),
      ),
    ).toBe('not_found');
    const view = workerView(issued);
    expect(view).toMatchObject({ chatLinked: false });
    expect(view.linkCodeExpiresAt).toBeDefined();
    expect(JSON.stringify(view)).not.toContain('idx-1');
  });

  it('the code links the chat once; a wrong, spent or expired code is refused', () => {
    expect(codeOf(() => decideLinkWorkerChat(issued, { codeIndex: 'other', chatId: 7 }, ctx))).toBe(
      'link_code_invalid',
    );
    const linked = decideLinkWorkerChat(issued, { codeIndex: 'idx-1', chatId: 7 }, ctx).state!;
    expect(linked.chat).toEqual({ chatId: 7, linkedAt: ctx.now.toISOString() });
    expect(workerView(linked)).toMatchObject({ chatLinked: true });
    expect(JSON.stringify(workerView(linked))).not.toContain('"chatId"');
    expect(codeOf(() => decideLinkWorkerChat(linked, { codeIndex: 'idx-1', chatId: 8 }, ctx))).toBe(
      'link_code_invalid',
    );
    const later = { ...ctx, now: new Date(ctx.now.getTime() + 73 * 3600_000) };
    expect(codeOf(() => decideLinkWorkerChat(issued, { codeIndex: 'idx-1', chatId: 7 }, later))).toBe(
      'link_code_invalid',
    );
  });

  it('a new code replaces the old link when used; unlinking stops reminders', () => {
    const linked = decideLinkWorkerChat(issued, { codeIndex: 'idx-1', chatId: 7 }, ctx).state!;
    const again = decideIssueWorkerLinkCode(linked, { principal: providerStaff(), codeIndex: 'idx-2' }, ctx).state!;
    expect(decideLinkWorkerChat(again, { codeIndex: 'idx-2', chatId: 9 }, ctx).state!.chat?.chatId).toBe(9);
    const unlinked = decideUnlinkWorkerChat(linked, { principal: providerStaff() }).state!;
    expect(unlinked.chat).toBeUndefined();
    expect(workerView(unlinked).chatLinked).toBe(false);
  });
});

describe('the brief of a visit for its worker (pure)', () => {
  it('names the place from the pack, masks the name to the surname and keeps only the phone’s last four digits', () => {
    const visit = givenVisit({ tasks: ['打扫卧室'] });
    const brief = workerVisitBrief(
      visit,
      givenAssignment({ person: { personId: 'p_0123456789abcdef', name: '王秀英' } }),
      chizhou,
      {
        phone: '138-0013-8000',
      },
    );
    expect(brief).toMatchObject({
      recipient: '王**',
      tasks: ['打扫卧室'],
      phoneLast4: '8000',
      itemCode: visit.itemCode,
    });
    expect(brief.place).toMatch(/街道|镇|乡/);
    expect(JSON.stringify(brief)).not.toContain('王秀英');
    expect(JSON.stringify(brief)).not.toContain('13800138000');
  });
  it('no phone shared: none in the brief', () => {
    expect(workerVisitBrief(givenVisit(), givenAssignment(), chizhou).phoneLast4).toBeUndefined();
    expect(phoneLast4('12')).toBeUndefined();
    expect(maskedForWorker('张三')).toBe('张*');
  });
});
