import { AppError, type ServiceApp } from '@carelink/http';
import { webhookCallback, type Bot } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import { z } from 'zod';
import type { OperatorQueue } from '../../data-access/operator-queue';
import type { BotContext, ResidentContext } from '../../bot/context';
import { mainMenuIn } from '../../bot/keyboards';

/**
 * The webhook Telegram calls (its secret token checked by grammY) and the hotline operators' API for
 * chats handed over to a person: list waiting chats, take one, read its transcript, reply, close.
 */
export function botRoutes(
  app: ServiceApp,
  deps: { bot: Bot<BotContext>; i18n: I18n<ResidentContext>; operators: OperatorQueue; webhookSecret?: string },
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

  app.route({
    method: 'get',
    path: '/operator/chats',
    summary: 'Chats waiting for a hotline operator (人工), oldest first',
    roles: ['hotline_operator'],
    handle: async () => ({ items: await deps.operators.waiting() }),
  });

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/take',
    summary: 'Take a waiting chat (409 when another operator took it or it was closed)',
    roles: ['hotline_operator'],
    handle: async ({ req, principal }) => {
      const chatId = chatParam(req.params.chatId);
      if (!(await deps.operators.take(chatId, principal.sub)))
        throw new AppError('not_waiting', 409, 'this chat is not waiting for an operator', {
          messageZh: '该会话已被接起或已结束',
        });
      return { chatId, transcript: await deps.operators.transcript(chatId) };
    },
  });

  app.route({
    method: 'get',
    path: '/operator/chats/:chatId/transcript',
    summary: 'What the resident and the operator said in a handed-over chat',
    roles: ['hotline_operator'],
    handle: async ({ req }) => ({ items: await deps.operators.transcript(chatParam(req.params.chatId)) }),
  });

  const takenBy = async (chatId: number, operator: string) => {
    const h = await deps.operators.handover(chatId);
    if (!h || h.state !== 'taken' || h.operator !== operator)
      throw new AppError('not_your_chat', 409, 'take the chat before replying', { messageZh: '请先接起该会话' });
    return h;
  };

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/replies',
    summary: "Send the operator's reply to the resident",
    roles: ['hotline_operator'],
    body: z.object({ text: z.string().trim().min(1).max(3000) }),
    handle: async ({ req, body, principal }) => {
      const chatId = chatParam(req.params.chatId);
      const h = await takenBy(chatId, principal.sub);
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
      const h = await takenBy(chatId, principal.sub);
      await deps.operators.close(chatId);
      await deps.bot.api.sendMessage(chatId, deps.i18n.t(h.locale, 'human-ended'), {
        reply_markup: mainMenuIn(deps.i18n as unknown as I18n, h.locale),
      });
      return { closed: true };
    },
  });
}
