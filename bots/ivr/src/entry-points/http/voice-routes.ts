import { AppError, type ServiceApp } from '@carelink/http';
import type { AuditEntry } from '@carelink/store';
import type { Logger } from '@carelink/telemetry';
import express, { type Request } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import type { CallRecords } from '../../data-access/call-records';
import type { CallStore } from '../../data-access/call-store';
import { CallFlow, newCall, type CallPorts, type CallState } from '../../domain/call-flow';
import type { RegionPrompts } from '../../domain/prompts';
import { renderTwiml } from './twiml';
import { voiceWebhook, type VoiceWebhook } from './webhook-params';

export interface VoiceDeps {
  /** Observes the server time of each answered step, labelled with the menu node it answered. */
  observeStep?: (node: string, seconds: number) => void;
  publicBaseUrl: string;
  authToken: string;
  prompts: Map<string, RegionPrompts>;
  ports: CallPorts;
  calls: CallStore;
  records: CallRecords;
  /** Where changes of call records by staff (a call-back made) are audited. */
  audit: { record(entry: AuditEntry): Promise<void> };
  logger: Logger;
  now?: () => Date;
}

/**
 * The provider's webhooks (TwiML dialect): `POST /ivr/:region/voice` when a call comes in,
 * `POST /ivr/:region/voice/step?seq=N` for each answer (keys, recordings), `POST /ivr/:region/voice/status`
 * when the call ends. Every webhook must carry a valid X-Twilio-Signature (HMAC-SHA1 of the full URL and
 * the sorted POST parameters with the account's auth token); unsigned or badly signed calls get 403.
 */
export function voiceRoutes(app: ServiceApp, deps: VoiceDeps): void {
  const now = deps.now ?? (() => new Date());
  app.express.use('/ivr', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  const verified = (req: Request): { prompts: RegionPrompts; params: VoiceWebhook } => {
    const signature = req.header('x-twilio-signature');
    const params = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const url = `${deps.publicBaseUrl}${req.originalUrl}`;
    if (!signature || !twilio.validateRequest(deps.authToken, signature, url, params))
      throw new AppError('invalid_signature', 403, 'the webhook signature is missing or does not match', {
        messageZh: '签名无效',
      });
    const prompts = deps.prompts.get(String(req.params.region));
    if (!prompts) throw AppError.notFound('region', '地区');
    const parsed = voiceWebhook.safeParse(params);
    if (!parsed.success)
      throw AppError.badRequest(
        'invalid_webhook',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        '请求参数有误',
      );
    return { prompts, params: parsed.data };
  };

  const actionUrl = (region: string, seq: number) => `${deps.publicBaseUrl}/ivr/${region}/voice/step?seq=${seq}`;
  const sayLanguage = (prompts: RegionPrompts, state: CallState) =>
    (prompts.text[state.language] ?? prompts.text.zh).say;
  /** Each language's own voice, for lines said in a language of their own (the language menu). */
  const voicesOf = (prompts: RegionPrompts) =>
    Object.fromEntries(prompts.languages.map((l) => [l, prompts.text[l]!.say]));

  /** Answers step `seq` once: a retried delivery gets the first answer and causes nothing again. */
  const answerOnce = async (
    callSid: string,
    seq: number,
    work: () => Promise<{ state: CallState; xml: string }>,
  ): Promise<string> => {
    if (!(await deps.calls.claim(callSid, seq))) {
      const cached = await deps.calls.answer(callSid, seq);
      if (cached !== null) return cached;
      throw new AppError('step_in_progress', 409, 'this step is still being answered', { messageZh: '请稍候' });
    }
    try {
      const { state, xml } = await work();
      await deps.calls.save(state, seq, xml);
      await deps.records
        .update(state, now())
        .catch((err) => deps.logger.warn({ err, callSid }, 'call record not updated'));
      return xml;
    } catch (err) {
      await deps.calls.release(callSid, seq);
      throw err;
    }
  };

  app.route({
    method: 'post',
    path: '/ivr/:region/voice',
    summary: 'Provider webhook: a call comes in (signed; TwiML answer)',
    handle: async ({ req, res }) => {
      const { prompts, params } = verified(req);
      const flow = new CallFlow(prompts, deps.ports, now);
      const xml = await answerOnce(params.CallSid, 0, async () => {
        const started = await flow.start(
          newCall({ callSid: params.CallSid, region: prompts.region, from: params.From, now: now() }),
        );
        const state = { ...started.state, seq: 1 };
        return {
          state,
          xml: renderTwiml(started.answer, {
            language: sayLanguage(prompts, state),
            voices: voicesOf(prompts),
            action: actionUrl(prompts.region, 1),
          }),
        };
      });
      res.type('text/xml').send(xml);
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/ivr/:region/voice/step',
    summary: 'Provider webhook: the caller keyed digits or left a recording (signed; TwiML answer)',
    query: z.object({ seq: z.coerce.number().int().min(1).max(10_000) }),
    handle: async ({ req, res, query }) => {
      const { prompts, params } = verified(req);
      const flow = new CallFlow(prompts, deps.ports, now);
      const current = await deps.calls.state(params.CallSid);
      let xml: string;
      if (!current) {
        const t = prompts.text.zh;
        xml = renderTwiml({ say: [t.goodbye], then: { verb: 'hangup' } }, { language: t.say, action: '' });
      } else if (query.seq !== current.seq) {
        // A retry of an answered step, or a stale one: the first answer, else the current question again.
        xml =
          (await deps.calls.answer(params.CallSid, query.seq, 0)) ??
          (await deps.calls.answer(params.CallSid, current.seq - 1, 0)) ??
          '';
        if (!xml) throw AppError.conflict('stale_step', `step ${query.seq} is not the current step ${current.seq}`);
      } else {
        xml = await answerOnce(params.CallSid, query.seq, async () => {
          const started = process.hrtime.bigint();
          const stepped = await flow.step(current, {
            digits: params.Digits,
            recordingUrl: params.RecordingUrl,
            recordingDurationSeconds: params.RecordingDuration,
          });
          const state = { ...stepped.state, seq: query.seq + 1 };
          // The step's own work (flow, services, TwiML); retries answered from cache are not counted.
          deps.observeStep?.(current.node, Number(process.hrtime.bigint() - started) / 1e9);
          return {
            state,
            xml: renderTwiml(stepped.answer, {
              language: sayLanguage(prompts, state),
              voices: voicesOf(prompts),
              action: actionUrl(prompts.region, state.seq),
            }),
          };
        });
      }
      res.type('text/xml').send(xml);
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/ivr/:region/voice/status',
    summary: 'Provider webhook: call status (completed, busy, no-answer …); ends the call record',
    handle: async ({ req, res }) => {
      const { params } = verified(req);
      if (params.CallStatus && ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(params.CallStatus))
        await deps.records.end(params.CallSid, params.CallStatus, now());
      res.status(204).end();
      return undefined;
    },
  });
}
