import type { StaffPrincipal } from '@carelink/auth';
import { AppError, type ServiceApp } from '@carelink/http';
import type { AuditTrail } from '@carelink/store';
import { webhookCallback, type Bot } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import { z } from 'zod';
import type { OperatorQueue } from '../../data-access/operator-queue';
import type { BotContext, ResidentContext } from '../../bot/context';
import { mainMenuIn } from '../../bot/keyboards';

/**
 * The webhook Telegram calls (its secret token checked by grammY) and the hotline operators' API for
 * chats handed over to a person: list waiting chats, take one, read its transcript, reply, close. Only
 * operators of the bot's region; a transcript only for the operator who took the chat, each read audited.
 */
export function botRoutes(
  app: ServiceApp,
  deps: {
    bot: Bot<BotContext>;
    i18n: I18n<ResidentContext>;
    operators: OperatorQueue;
    /** The region the bot serves. */
    region: string;
    audit: Pick<AuditTrail, 'record'>;
    webhookSecret?: string;
  },
): void {
  if (deps.webhookSecret)
    app.express.post(
      '/telegram/webhook',
      webhookCallback(deps.bot, 'express', { secretToken: deps.webhookSecret, onTimeout: 'return' }),
    );

  const chatParam = (raw: unknown) => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id)) throw AppError.badRequest('invalid_chat', 'chat id is a number', '会话编号不正确');
    return id;
  };

  /** The bot's residents are its region's: an operator of another region gets 403. */
  const ofRegion = (principal: StaffPrincipal) => {
    if (principal.region !== deps.region)
      throw AppError.forbidden(
        'outside_region',
        `this bot serves ${deps.region}, you act for ${principal.region}`,
        '不能处理其他地区的会话',
      );
  };
  const auditRead = (principal: StaffPrincipal, chatId: number, purpose: string) =>
    deps.audit.record({
      actor: principal.sub,
      role: principal.role,
      action: 'read',
      subjectType: 'chat',
      subjectId: String(chatId),
      purpose,
    });

  app.route({
    method: 'get',
    path: '/operator/chats',
    summary: 'Chats waiting for a hotline operator (人工), oldest first',
    roles: ['hotline_operator'],
    handle: async ({ principal }) => {
      ofRegion(principal);
      return { items: await deps.operators.waiting() };
    },
  });

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/take',
    summary: 'Take a waiting chat (409 when another operator took it or it was closed)',
    roles: ['hotline_operator'],
    handle: async ({ req, principal }) => {
      ofRegion(principal);
      const chatId = chatParam(req.params.chatId);
      if (!(await deps.operators.take(chatId, principal.sub)))
        throw new AppError('not_waiting', 409, 'this chat is not waiting for an operator', {
          messageZh: '该会话已被接起或已结束',
        });
      await auditRead(principal, chatId, 'operator takes a handed-over chat');
      return { chatId, transcript: await deps.operators.transcript(chatId) };
    },
  });

  /** The chat as handed over to this operator; 409 unless they took it. */
  const takenBy = async (chatId: number, principal: StaffPrincipal) => {
    ofRegion(principal);
    const h = await deps.operators.handover(chatId);
    if (!h || h.state !== 'taken' || h.operator !== principal.sub)
      throw new AppError('not_your_chat', 409, 'take the chat first', { messageZh: '请先接起该会话' });
    return h;
  };

  app.route({
    method: 'get',
    path: '/operator/chats/:chatId/transcript',
    summary: 'What the resident and the operator said in a handed-over chat (the operator who took it; audited)',
    roles: ['hotline_operator'],
    handle: async ({ req, principal }) => {
      const chatId = chatParam(req.params.chatId);
      await takenBy(chatId, principal);
      await auditRead(principal, chatId, 'operator reads the hand-over transcript');
      return { items: await deps.operators.transcript(chatId) };
    },
  });

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/replies',
    summary: "Send the operator's reply to the resident",
    roles: ['hotline_operator'],
    body: z.object({ text: z.string().trim().min(1).max(3000) }),
    handle: async ({ req, body, principal }) => {
      const chatId = chatParam(req.params.chatId);
      const h = await takenBy(chatId, principal);
      await deps.bot.api.sendMessage(chatId, deps.i18n.t(h.locale, 'human-reply', { text: body.text }));
      await deps.operators.append(chatId, { from: 'operator', text: body.text, at: new Date().toISOString() });
      return { sent: true };
    },
  });

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/close',
    summary: 'End the hand-over; the resident gets the menu back',
    roles: ['hotline_operator'],
    handle: async ({ req, principal }) => {
      const chatId = chatParam(req.params.chatId);
      const h = await takenBy(chatId, principal);
      await deps.operators.close(chatId);
      await deps.bot.api.sendMessage(chatId, deps.i18n.t(h.locale, 'human-ended'), {
        reply_markup: mainMenuIn(deps.i18n as unknown as I18n, h.locale),
      });
      return { closed: true };
    },
  });
}
