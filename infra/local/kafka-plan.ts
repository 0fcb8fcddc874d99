/**
 * The local broker's access plan: the topic registry's grants (libs/bus `kafkaAccessPlan`) for the
 * departments of the policy packs (POLICY_DIR, default policy/) and the bots that read Kafka.
 */
import { kafkaAccessPlan, type AccessPlan } from '@carelink/bus';
import { PolicyPacks } from '@carelink/policy';

/** The bots' processes that consume Kafka, by service name (bots/telegram; the IVR does not use Kafka). */
export const KAFKA_BOTS = ['telegram-bot'];

export function localAccessPlan(env: Record<string, string | undefined> = process.env): AccessPlan {
  const packs = PolicyPacks.load(env.POLICY_DIR);
  const departments = packs
    .regions()
    .flatMap((region) => Object.keys(packs.get(region)!.departments).map((code) => ({ region, code })));
  return kafkaAccessPlan({ departments, bots: KAFKA_BOTS, topicPrefix: env.KAFKA_TOPIC_PREFIX });
}
