import type { StaffPrincipal } from '@carelink/auth';
import { AppError, type ServiceApp } from '@carelink/http';
import type { AuditTrail } from '@carelink/store';
import { webhookCallback, type Bot } from 'grammy';
import type { I18n } from '@grammyjs/i18n';
import { z } from 'zod';
import type { Handover, OperatorQueue } from '../../data-access/operator-queue';
import { chatPerson, joinedAs } from '../../domain/hand-over/chat-person';
import { operatorOutsideRegion, regionOfHandover } from '../../domain/hand-over/handover-region';
import type { ResidentChats } from '../../domain/resident-chats';
import type { BotContext, ResidentContext } from '../../bot/context';
import { mainMenuIn } from '../../bot/keyboards';

/**
 * The webhook Telegram calls (its secret token checked by grammY) and the hotline operators' API for
 * chats handed over to a person: list waiting chats (with the person's name and case, where the chat has one),
 * take one (the resident is told who joined), read its transcript, reply, close. An operator sees and serves
 * only the chats of their own region (each chat is handed over in its region); a transcript only for the
 * operator who took the chat; each read of names and transcripts audited.
 */
export function botRoutes(
  app: ServiceApp,
  deps: {
    bot: Bot<BotContext>;
    i18n: I18n<ResidentContext>;
    operators: OperatorQueue;
    /** The chats' own cases: who the operator is talking to. */
    cases: Pick<ResidentChats, 'casesOf'>;
    /** The regions the bot serves, the default first. */
    regions: readonly string[];
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

  /** An operator serves the chats of their own region: of a region the bot does not serve, or another's chat, 403. */
  const ofRegion = (principal: StaffPrincipal, handover?: Handover) => {
    const outside = operatorOutsideRegion(principal.region, deps.regions, handover);
    if (outside) throw AppError.forbidden('outside_region', outside, '不能处理其他地区的会话');
  };
  const regionOf = (h: Handover) => regionOfHandover(h, deps.regions[0]!);
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
    summary:
      "Chats of the operator's region waiting for a hotline operator (人工), oldest first, each with its region and the person's name and latest case (caseId, caseNumber, township) where the chat filed or looked one up; audited when it names anyone",
    roles: ['hotline_operator'],
    handle: async ({ principal }) => {
      ofRegion(principal);
      const items = await Promise.all(
        (await deps.operators.waiting())
          .filter((h) => regionOf(h) === principal.region)
          .map(async (h) => {
            const { cases: _all, ...person } = chatPerson(await deps.cases.casesOf(h.chatId));
            return { ...h, region: regionOf(h), ...person };
          }),
      );
      const named = items.filter((c) => c.name !== undefined);
      if (named.length > 0)
        await deps.audit.record({
          actor: principal.sub,
          role: principal.role,
          actorJurisdiction: principal.jurisdiction,
          action: 'read',
          subjectType: 'chat',
          subjectIds: named.map((c) => String(c.chatId)),
          places: [...new Set(named.flatMap((c) => (c.township ? [c.township] : [])))],
          resource: 'GET /operator/chats',
          purpose: 'operator sees who waits for a person, with their case',
        });
      return { items };
    },
  });

  app.route({
    method: 'post',
    path: '/operator/chats/:chatId/take',
    summary:
      "Take a waiting chat of the operator's region (403 for another region's; 409 when another operator took it or it was closed)",
    roles: ['hotline_operator'],
    handle: async ({ req, principal }) => {
      const chatId = chatParam(req.params.chatId);
      const waiting = await deps.operators.handover(chatId);
      ofRegion(principal, waiting);
      if (!waiting || !(await deps.operators.take(chatId, principal.sub)))
        throw new AppError('not_waiting', 409, 'this chat is not waiting for an operator', {
          messageZh: '该会话已被接起或已结束',
        });
      await auditRead(principal, chatId, 'operator takes a handed-over chat');
      // The resident hears who joined: the operator's display name, else their seat number.
      const h = (await deps.operators.handover(chatId))!;
      const who = joinedAs(principal.name);
      const operator =
        'name' in who
          ? who.name
          : deps.i18n.t(h.locale, 'human-seat', { number: await deps.operators.seat(principal.sub) });
      await deps.bot.api.sendMessage(chatId, deps.i18n.t(h.locale, 'human-joined', { operator }));
      return {
        chatId,
        person: chatPerson(await deps.cases.casesOf(chatId)),
        transcript: await deps.operators.transcript(chatId),
      };
    },
  });

  /** The chat as handed over to this operator; 403 for another region's, 409 unless they took it. */
  const takenBy = async (chatId: number, principal: StaffPrincipal) => {
    const h = await deps.operators.handover(chatId);
    ofRegion(principal, h);
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
