import { WHOLE_ANSWER, withinJurisdiction, withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { StoredCheck } from '../domain/spot-check/record-check';
import type { SpotCheckEffect } from '../domain/spot-check/spot-check-result';
import { spotCheckEffects } from '../domain/spot-check/spot-check-result';
import type { StoredSample } from '../domain/spot-check/spot-check-sample';

const SAMPLES = 'spot_check_samples';
const CHECKS = 'spot_checks';

export const spotCheckSampleMapping: StateMapping<StoredSample> = {
  collection: SAMPLES,
  toDocument: ({ sampleId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ sampleId: _id, ...fields }) as StoredSample,
};

/** A check is stored under `<sampleId>:<visitId>` (one check of a visit per sample). */
export const spotCheckMapping: StateMapping<StoredCheck> = {
  collection: CHECKS,
  toDocument: ({ checkId: _id, ...fields }) => fields,
  fromDocument: ({ _id, _version: _v, ...fields }) => ({ checkId: _id, ...fields }) as StoredCheck,
};

/** The county's spot-check samples and checks, as queries read them. Returns plain objects. */
export class SpotCheckRepository {
  static readonly collections = [SAMPLES, CHECKS];
  constructor(private readonly connection: Connection) {}

  private get samples() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(SAMPLES);
  }

  private get checks() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(CHECKS);
  }

  async prepare(): Promise<void> {
    await this.samples.createIndex({ county: 1, year: 1 });
    await this.checks.createIndex({ sampleId: 1 });
    await this.checks.createIndex({ providerId: 1, township: 1, month: 1 });
  }

  async sample(sampleId: string): Promise<StoredSample | null> {
    const doc = await this.samples.findOne({ _id: sampleId }, { projection: withoutOutbox });
    return doc ? spotCheckSampleMapping.fromDocument(doc) : null;
  }

  /** The samples of a county-year (within a jurisdiction prefix), newest draw first, without their visit lists. */
  async samplesOf(within: string, year: number): Promise<Omit<StoredSample, 'visits' | 'byStratum'>[]> {
    const docs = await this.samples
      .find(
        { year, ...withinJurisdiction('county', within.slice(0, 6)) },
        { projection: { ...withoutOutbox, visits: 0, byStratum: 0 }, ...WHOLE_ANSWER },
      )
      .toArray();
    return docs
      .map((d) => spotCheckSampleMapping.fromDocument(d))
      .sort((a, b) => (a.drawnAt < b.drawnAt ? 1 : a.drawnAt > b.drawnAt ? -1 : 0));
  }

  async check(checkId: string): Promise<StoredCheck | null> {
    const doc = await this.checks.findOne({ _id: checkId }, { projection: withoutOutbox });
    return doc ? spotCheckMapping.fromDocument(doc) : null;
  }

  async checksOf(sampleId: string): Promise<StoredCheck[]> {
    const docs = await this.checks.find({ sampleId }, { projection: withoutOutbox, ...WHOLE_ANSWER }).toArray();
    return docs.map((d) => spotCheckMapping.fromDocument(d));
  }

  /**
   * What the recorded checks of a provider's visits in a township do to their lines in these months, by visit id:
   * one equality query per month (pushed down and indexed), as a statement reads its accruals.
   */
  async effectsOn(
    place: { providerId: string; township: string },
    months: readonly string[],
  ): Promise<Map<string, SpotCheckEffect>> {
    const pages = await Promise.all(
      months.map((month) =>
        this.checks
          .find(
            { providerId: place.providerId, township: place.township, month },
            { projection: withoutOutbox, ...WHOLE_ANSWER },
          )
          .toArray(),
      ),
    );
    return spotCheckEffects(pages.flat().map((d) => spotCheckMapping.fromDocument(d)));
  }
}
