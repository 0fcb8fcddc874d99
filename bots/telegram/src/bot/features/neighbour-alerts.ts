import { DomainError } from '@carelink/contracts';
import { Composer } from 'grammy';
import type { AlertContacts } from '../../data-access/alert-contacts';
import type { NeighbourHelpClient } from '../../data-access/neighbour-help-client';
import type { BotContext } from '../context';
import type { BotFeature } from '../feature';

/** A chat link code as the village gives it: `nb-` a neighbour's, `vc-` a village coordinator's, eight characters. */
const LINK_CODE = /^(nb|vc)-[A-Za-z0-9]{8}$/;

export interface NeighbourAlertsDeps {
  contacts: Pick<AlertContacts, 'link' | 'contactOf'>;
  client: Pick<NeighbourHelpClient, 'redeem' | 'acknowledge'>;
}

/**
 * 爱心门铃 for neighbours and village coordinators, in every chat (also one that has chosen no region): `/start
 * nb-XXXXXXXX` (the deep link the village gives, `t.me/<bot>?start=nb-XXXXXXXX`) links the chat to receive
 * doorbell alerts; [我去看看] under an alert tells provider-scheduling this recipient goes: the first takes it
 * (the others are told by the acknowledgement event), a later one hears that someone went.
 */
export function neighbourAlertsFeature(deps: NeighbourAlertsDeps): BotFeature {
  const entries = new Composer<BotContext>();

  entries.command('start', async (ctx, next) => {
    const code = ctx.match.trim();
    if (!LINK_CODE.test(code)) return next();
    await ctx.conversation.exitAll();
    const normalised = `${code.slice(0, 2).toLowerCase()}-${code.slice(3).toUpperCase()}`;
    let contact;
    try {
      contact = await deps.client.redeem(normalised);
    } catch (err) {
      if (err instanceof DomainError && err.kind !== 'forbidden')
        return void (await ctx.reply(ctx.t('doorbell-link-invalid')));
      throw err;
    }
    await deps.contacts.link(ctx.chat.id, {
      kind: contact.kind,
      id: contact.id,
      name: contact.name,
      region: contact.region,
    });
    await ctx.reply(
      ctx.t(contact.kind === 'neighbour' ? 'doorbell-linked-neighbour' : 'doorbell-linked-coordinator', {
        name: contact.name,
      }),
    );
  });

  entries.callbackQuery(/^doorbell:go:([A-Za-z0-9-]{1,60})$/, async (ctx) => {
    const alertId = ctx.match[1]!;
    const contact = ctx.chat ? await deps.contacts.contactOf(ctx.chat.id) : undefined;
    if (!contact) {
      await ctx.answerCallbackQuery();
      return void (await ctx.reply(ctx.t('doorbell-not-linked')));
    }
    try {
      await deps.client.acknowledge(alertId, contact.region, { kind: contact.kind, id: contact.id });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      await ctx.answerCallbackQuery();
      const key = err.code === 'alert_already_acknowledged' ? 'doorbell-already' : 'doorbell-closed';
      return void (await ctx.reply(ctx.t(key)));
    }
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('doorbell-you-go'));
  });

  return { name: 'neighbour-alerts', entries };
}
