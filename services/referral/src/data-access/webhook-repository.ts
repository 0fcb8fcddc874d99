import {
  backfillOnce,
  countUpTo,
  dropIndexesIfPresent,
  isDuplicateKeyError,
  MonthBuckets,
  monthOf,
  TOTAL_CAP,
  WHOLE_ANSWER,
  withDocumentLock,
  type FieldCipher,
  type Page,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { DeliveryChains } from '../domain/webhooks/deliver-chain';
import type { Delivery, DeliveryStatus, LoggedEvent } from '../domain/webhooks/delivery';
import type { DeliveryQueue } from '../domain/webhooks/fan-out';
import type { WebhookSubscription } from '../domain/webhooks/subscription';

interface SealedSecret {
  sealed: string;
  createdAt: string;
  /** Set when a newer secret replaced it: it keeps signing until then (rotation grace period). */
  expiresAt?: string;
}
type SubscriptionDoc = Omit<WebhookSubscription, 'subscriptionId'> & { _id: string; secrets: SealedSecret[] };

/** A delivery as stored: a `personal` body (it carries a person's contact) is sealed with the contact key. */
type DeliveryDoc = Omit<Delivery, 'deliveryId'> & { _id: string };

/** `month`: the month of the event's time, so a replay since a time reads only the months since (docs/QUERIES.md). */
type LoggedEventDoc = Omit<LoggedEvent, 'eventId'> & { _id: string; logSeq: number; month?: string };

/** Webhook subscriptions (secrets sealed with AES-256-GCM), the referral event log, and deliveries. */
export class WebhookRepository implements DeliveryChains, DeliveryQueue {
  static readonly subscriptions = 'webhook_subscriptions';
  static readonly deliveries = 'webhook_deliveries';
  static readonly eventLog = 'referral_event_log';
  private lastOrder = 0;
  private readonly byRegion = new Map<string, Promise<WebhookSubscription[]>>();
  private readonly logMonths: MonthBuckets;

  /**
   * `cipher` seals the subscriptions' signing secrets (WEBHOOK_SECRET_KEY); `contactCipher` the bodies of
   * deliveries that carry a person's contact (CONTACT_DATA_KEY): none may be queued without it.
   */
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
    private readonly contactCipher?: FieldCipher,
  ) {
    this.logMonths = new MonthBuckets(connection, WebhookRepository.eventLog);
  }

  private sealedBody(delivery: Pick<Delivery, 'body' | 'personal'>): string {
    if (!delivery.personal) return delivery.body;
    if (!this.contactCipher) throw new Error('a delivery carrying a contact needs the contact key (CONTACT_DATA_KEY)');
    return this.contactCipher.encrypt(delivery.body);
  }

  private toDelivery = ({ _id, ...rest }: DeliveryDoc): Delivery => ({
    deliveryId: _id,
    ...rest,
    body: rest.personal && this.contactCipher ? this.contactCipher.decrypt(rest.body) : rest.body,
  });

  /**
   * An ordering key that only grows within the process and across restarts (microseconds of the clock,
   * bumped when two come in one microsecond). A case's events are logged and queued one after another in
   * their Kafka order, so the key orders them without a shared counter (one write less per event, and no
   * lock every event waits for).
   */
  private nextOrder(): number {
    this.lastOrder = Math.max(this.lastOrder + 1, Date.now() * 1000);
    return this.lastOrder;
  }

  private get subs() {
    return this.connection.collection<SubscriptionDoc>(WebhookRepository.subscriptions);
  }
  private get deliveries() {
    return this.connection.collection<DeliveryDoc>(WebhookRepository.deliveries);
  }
  private get log() {
    return this.connection.collection<LoggedEventDoc>(WebhookRepository.eventLog);
  }

  async prepare(): Promise<void> {
    await this.subs.createIndex({ region: 1, departmentCode: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, caseId: 1, seq: 1 });
    await this.deliveries.createIndex({ subscriptionId: 1, status: 1 });
    await this.log.createIndex({ month: 1, logSeq: 1 });
    await dropIndexesIfPresent(this.connection, WebhookRepository.eventLog, ['time_1', 'logSeq_1']);
    await this.logMonths.prepare();
    await backfillOnce<LoggedEventDoc>(this.connection, 'referral_event_log: month', {
      collection: WebhookRepository.eventLog,
      missing: 'month',
      projection: { time: 1 },
      fieldsOf: async (e) => {
        const month = monthOf(e.time);
        await this.logMonths.note(month);
        return { month };
      },
    });
  }

  async createSubscription(subscription: WebhookSubscription, secret: string): Promise<void> {
    const { subscriptionId, ...rest } = subscription;
    await this.subs.insertOne({
      _id: subscriptionId,
      ...rest,
      secrets: [{ sealed: this.cipher.encrypt(secret), createdAt: subscription.createdAt }],
    });
    this.byRegion.clear();
  }

  async getSubscription(subscriptionId: string): Promise<WebhookSubscription | null> {
    const doc = await this.subs.findOne({ _id: subscriptionId }, { projection: { secrets: 0 } });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { subscriptionId: _id, ...rest };
  }

  async listSubscriptions(query: { region: string; departmentCode?: string }): Promise<WebhookSubscription[]> {
    const docs = await this.subs.find(query, { projection: { secrets: 0 }, ...WHOLE_ANSWER }).toArray();
    return docs.map(({ _id, ...rest }) => ({ subscriptionId: _id, ...rest }));
  }

  /**
   * The subscriptions of a region (paused ones too: their deliveries wait for the resume), read for every
   * referral event: kept in memory and dropped on every change made through this repository (one referral
   * process per database, see withDocumentLock).
   */
  async subscriptionsOf(region: string): Promise<WebhookSubscription[]> {
    let active = this.byRegion.get(region);
    if (!active) {
      active = this.listSubscriptions({ region });
      this.byRegion.set(region, active);
      active.catch(() => this.byRegion.delete(region));
    }
    return active;
  }

  async setActive(subscriptionId: string, active: boolean): Promise<void> {
    await withDocumentLock(this.connection, WebhookRepository.subscriptions, subscriptionId, () =>
      this.subs.updateOne({ _id: subscriptionId }, { $set: { active } }),
    );
    this.byRegion.clear();
  }

  /** The secrets that sign now: the current one and any replaced one still in its grace period. */
  async signingSecrets(subscriptionId: string, now: Date): Promise<string[]> {
    const doc = await this.subs.findOne({ _id: subscriptionId }, { projection: { secrets: 1 } });
    return (doc?.secrets ?? [])
      .filter((s) => !s.expiresAt || new Date(s.expiresAt) > now)
      .map((s) => this.cipher.decrypt(s.sealed));
  }

  /** Adds a new secret; the previous ones keep signing until `graceUntil`, then stop (and are dropped). */
  async rotateSecret(subscriptionId: string, secret: string, now: Date, graceUntil: Date): Promise<boolean> {
    return withDocumentLock(this.connection, WebhookRepository.subscriptions, subscriptionId, async () => {
      const doc = await this.subs.findOne({ _id: subscriptionId });
      if (!doc) return false;
      const kept = doc.secrets
        .filter((s) => !s.expiresAt || new Date(s.expiresAt) > now)
        .map((s) => ({ ...s, expiresAt: s.expiresAt ?? graceUntil.toISOString() }));
      const secrets = [{ sealed: this.cipher.encrypt(secret), createdAt: now.toISOString() }, ...kept];
      await this.subs.updateOne({ _id: subscriptionId }, { $set: { secrets } });
      return true;
    });
  }

  /** Logs a referral event once (replay reads the log); false when it was already logged. */
  async logEvent(event: LoggedEvent): Promise<boolean> {
    const { eventId, ...rest } = event;
    // Logged in the order the events are read from Kafka (a case's events in their order).
    const logSeq = this.nextOrder();
    const month = monthOf(event.time);
    await this.logMonths.note(month);
    try {
      await this.log.insertOne({ _id: eventId, ...rest, logSeq, month });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /**
   * The first `limit` logged events (in log order) whose time is `since` or later: the months since are
   * asked side by side, each an equality on `month`, so a replay reads the log since then, not all of it.
   */
  async eventsSince(since: string, limit: number): Promise<LoggedEvent[]> {
    const months = await this.logMonths.months(monthOf(since));
    const found: LoggedEventDoc[] = [];
    for (let i = 0; i < months.length; i += 4) {
      const each = await Promise.all(
        months.slice(i, i + 4).map((month) =>
          this.log
            .find({ month, time: { $gte: since } }, WHOLE_ANSWER)
            .sort({ logSeq: 1 })
            .limit(limit)
            .toArray(),
        ),
      );
      found.push(...each.flat());
    }
    const docs = found.sort((a, b) => a.logSeq - b.logSeq).slice(0, limit);
    return docs.map(({ _id, logSeq: _s, month: _m, ...rest }) => ({ eventId: _id, ...rest }));
  }

  /** Queues one delivery behind the case's earlier ones; false (nothing queued) if it exists already. */
  async enqueue(
    delivery: Omit<Delivery, 'seq' | 'status' | 'attempts' | 'createdAt'>,
    now: Date,
  ): Promise<Delivery | undefined> {
    const seq = this.nextOrder();
    const { deliveryId, ...rest } = delivery;
    const doc: DeliveryDoc = {
      _id: deliveryId,
      ...rest,
      body: this.sealedBody(delivery),
      seq,
      status: 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
    };
    try {
      await this.deliveries.insertOne(doc);
      const { _id, ...stored } = doc;
      return { deliveryId: _id, ...stored, body: delivery.body };
    } catch (err) {
      if (isDuplicateKeyError(err)) return undefined;
      throw err;
    }
  }

  /** Runs `work` alone for one subscription's deliveries of one case (per-case order). */
  inChain<T>(subscriptionId: string, caseId: string, work: () => Promise<T>): Promise<T> {
    return withDocumentLock(this.connection, 'webhook_chains', `${subscriptionId}:${caseId}`, work);
  }

  /** The first delivery of the chain not yet delivered (pending or dead), or none. */
  async head(subscriptionId: string, caseId: string): Promise<Delivery | undefined> {
    const [doc] = await this.deliveries
      .find({ subscriptionId, caseId, status: { $in: ['pending', 'dead'] } })
      .sort({ seq: 1 })
      .limit(1)
      .toArray();
    return doc ? this.toDelivery(doc) : undefined;
  }

  /** Updates a delivery; callers hold the chain (inChain), which serialises every write of its deliveries. */
  async update(deliveryId: string, set: Partial<Omit<Delivery, 'deliveryId'>>): Promise<void> {
    await withDocumentLock(this.connection, WebhookRepository.deliveries, deliveryId, () =>
      this.deliveries.updateOne({ _id: deliveryId }, { $set: set }),
    );
  }

  async getDelivery(deliveryId: string): Promise<Delivery | undefined> {
    const doc = await this.deliveries.findOne({ _id: deliveryId });
    return doc ? this.toDelivery(doc) : undefined;
  }

  /**
   * A page of a subscription's deliveries, oldest or newest first, of a status, an event type or a case, with how
   * many (up to TOTAL_CAP). The subscription and status (or case) are equalities pushed down; the subscription's
   * deliveries are sorted in Go (left: docs/QUERIES.md).
   */
  async pageDeliveries(
    subscriptionId: string,
    query: { status?: DeliveryStatus; eventType?: string; caseId?: string },
    page: number,
    pageSize: number,
    order: 'asc' | 'desc',
  ): Promise<Page<Delivery>> {
    const filter = {
      subscriptionId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.caseId ? { caseId: query.caseId } : {}),
      ...(query.eventType ? { eventType: query.eventType } : {}),
    };
    const [docs, n] = await Promise.all([
      this.deliveries
        .find(filter, WHOLE_ANSWER)
        .sort({ createdAt: order === 'asc' ? 1 : -1, seq: order === 'asc' ? 1 : -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .toArray(),
      countUpTo(this.connection.db!, WebhookRepository.deliveries, filter, TOTAL_CAP + 1),
    ]);
    return {
      items: docs.map(this.toDelivery),
      page,
      pageSize,
      total: Math.min(n, TOTAL_CAP),
      totalCapped: n > TOTAL_CAP,
    };
  }

  /** How many deliveries of a subscription wait, were delivered, and died (each counted up to TOTAL_CAP). */
  async deliveryCounts(subscriptionId: string): Promise<Record<DeliveryStatus, number>> {
    const statuses: DeliveryStatus[] = ['pending', 'delivered', 'dead'];
    const counts = await Promise.all(
      statuses.map((status) =>
        countUpTo(this.connection.db!, WebhookRepository.deliveries, { subscriptionId, status }, TOTAL_CAP),
      ),
    );
    return Object.fromEntries(statuses.map((status, i) => [status, counts[i]!])) as Record<DeliveryStatus, number>;
  }

  async listDeliveries(subscriptionId: string, status: DeliveryStatus | undefined, limit: number): Promise<Delivery[]> {
    const docs = await this.deliveries
      .find({ subscriptionId, ...(status ? { status } : {}) }, WHOLE_ANSWER)
      .sort({ createdAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map(this.toDelivery);
  }
}
