import type { PolicyPack } from '@carelink/policy';
import type { ComplaintFiling } from '../../data-access/complaints-client';
import { answer, choose } from '../conversation-kit';
import type { ResidentContext, ResidentConversation } from '../context';
import { choices, mainMenu } from '../keyboards';

import type { FileOutcome } from '../../domain/file-complaint/file-complaint';

export interface ComplainDeps {
  pack: PolicyPack;
  /** Keeps and files the complaint (a voice note as an attachment), retrying later when the service is down. */
  file: (chatId: number, filing: ComplaintFiling, voiceFileId?: string) => Promise<FileOutcome>;
}

const TYPES: ComplaintFiling['type'][] = ['eligibility_decision', 'service_quality', 'staff_conduct', 'other'];

/** 投诉建议: about my case, a provider, staff or else; text or voice → the complaints service. */
export function complainConversation(deps: ComplainDeps) {
  return async function complain(conversation: ResidentConversation, ctx: ResidentContext): Promise<void> {
    const t = (k: string, p?: Record<string, string | number>) => ctx.t(k, p);
    const labels = [
      t('complain-about-case'),
      t('complain-about-provider'),
      t('complain-about-staff'),
      t('complain-about-other'),
    ];
    const about = await choose(conversation, ctx, t('complain-ask-about'), labels, choices(t, labels));
    let caseNumber: string | undefined;
    await ctx.reply(t('complain-ask-case'), { reply_markup: choices(t, [], { skip: true }) });
    const c = await answer(conversation);
    if (c.kind === 'text' && c.text !== t('skip')) caseNumber = c.text.toUpperCase().replace(/\s/g, '').slice(0, 40);
    // Without a case number, the township it happened in (a complaint names what it is about).
    let township: string | undefined;
    if (!caseNumber) {
      const counties = deps.pack.jurisdictions;
      const countyNames = counties.map((x) => x.name);
      const county =
        counties[await choose(conversation, ctx, t('apply-ask-county'), countyNames, choices(t, countyNames))]!;
      const townshipNames = county.townships.map((x) => x.name);
      township =
        county.townships[
          await choose(conversation, ctx, t('apply-ask-township'), townshipNames, choices(t, townshipNames))
        ]!.code;
    }
    await ctx.reply(t('complain-ask-text'), { reply_markup: choices(t, []) });
    const said = await answer(conversation, { accept: ['text', 'voice'] });
    const summary = said.kind === 'text' ? said.text.slice(0, 2000) : t('voice-note');
    const voiceFileId = said.kind === 'voice' ? said.voice.file_id : undefined;
    const chatId = ctx.chat!.id;
    const outcome = await conversation.external(() =>
      deps.file(
        chatId,
        {
          region: deps.pack.region,
          channel: 'chatbot',
          kind: 'complaint',
          type: TYPES[about]!,
          about: caseNumber ? { caseNumber } : { township },
          summary,
          reporter: { name: ctx.from?.first_name },
        },
        voiceFileId,
      ),
    );
    const menu = { reply_markup: mainMenu(t) };
    if (outcome.kind === 'filed')
      await ctx.reply(t('complain-received', { complaintNumber: outcome.complaintNumber }), menu);
    else if (outcome.kind === 'queued') await ctx.reply(t('complain-queued'), menu);
    else await ctx.reply(t('complain-failed'), menu);
  };
}
