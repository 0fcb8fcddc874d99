import { fen, jurisdictionCode, regionId, targetGroup } from '@carelink/contracts';
import { z } from 'zod';
import { citedSources, plan, ruleSource, sourced, type RuleSource } from './provenance';
import { workingCalendarOf, type CalendarFile, type WorkingCalendar } from './working-calendar';
import { checkDeliveryModes, deliveryMode, listedReceiver } from './delivery-modes';
import { serviceNumberFormat } from './service-number';
import { checkFunding, funding, neighbourHelpSubsidy } from './funding';
import { spotCheck } from './spot-check';

const localized = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const village = z.object({ code: jurisdictionCode, name: z.string().min(1), demo: z.boolean().default(false) });
/** A point (WGS 84) used for distance when choosing a provider; optional everywhere. */
export const geoPoint = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
export type GeoPoint = z.infer<typeof geoPoint>;
const township = z.object({
  code: jurisdictionCode,
  name: z.string().min(1),
  villages: z.array(village).default([]),
  /** Where the township government sits (DEMO coordinates unless stated); used for provider distance. */
  location: geoPoint.optional(),
});
const county = z.object({
  code: jurisdictionCode,
  name: z.string().min(1),
  /** Where the county, its townships, villages and coordinates come from (division codes, demo places). */
  source: ruleSource,
  townships: z.array(township).min(1),
});

const itemEligibility = z
  .object({
    ageMin: z.number().int().min(0).optional(),
    ageMax: z.number().int().min(0).optional(),
    /** The person must belong to one of these target groups. */
    groups: z.array(targetGroup).optional(),
    /** The person must have one of these conditions (失能半失能/重病/重度残疾/老年...). */
    conditions: z.array(z.string()).optional(),
    /** When both lists are given: `all` needs one of each, `group_or_condition` needs either. */
    rule: z.enum(['all', 'group_or_condition']).default('all'),
  })
  .default({ rule: 'all' });

/** Documents an applicant may be asked for (一人一档). */
export const documentType = z.enum([
  'id_card', // 身份证
  'household_register', // 户口本
  'status_proof', // 社会救助对象相关证明
  'illness_certificate', // 疾病证明
  'disability_certificate', // 残疾证
  'guardianship_proof', // 监护关系证明
]);
export type DocumentType = z.infer<typeof documentType>;

/**
 * A register the home investigation checks an assistance status against (核对): the civil-affairs 低保 and 特困
 * systems, the disabled persons' federation's (残联) register … and the statuses it can confirm.
 */
export const statusRegister = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a register code is lower-case letters, digits or _'),
  name: z.string().min(1),
  statuses: z.array(targetGroup).min(1),
  source: ruleSource,
});
export type StatusRegister = z.infer<typeof statusRegister>;

export const catalogueItem = z.object({
  code: z.string().regex(/^[A-Z]{2}-[A-Z]{2}-\d{2}$/, 'item codes look like CZ-SH-01'),
  name: localized,
  category: z.string().min(1),
  programme: z.string().optional(),
  /**
   * How the item reaches the person: `department` a basic public service of a department (民政, 卫健 …);
   * `purchased` a government-purchased service by a contracted provider; `charity` a charity referral
   * (慈善转介, e.g. 红十字会, 慈善总会); `institution` institutional care (敬老院/福利院, medical institutions).
   * For all but `purchased`, `department` names the receiving organisation listed under `departments`.
   */
  delivery: z.enum(['purchased', 'department', 'charity', 'institution']),
  department: z.string().optional(),
  unit: localized,
  feeFen: fen,
  eligibility: itemEligibility,
  /** Documents needed besides the region's defaults (Open Referral HSDS: required_document). */
  requiredDocuments: z.array(documentType).default([]),
  /** County codes where the item is offered; omitted = the whole region (HSDS: service_area). */
  serviceAreas: z.array(z.string().regex(/^\d{6}$/)).optional(),
  /** Where the item comes from: the plan clause naming the service. */
  source: ruleSource,
  /**
   * The sources of the item's other rules: how it is delivered and by whom, its fee and unit, and — when the item
   * has them — its eligibility gate, its own required documents and its service areas.
   */
  sources: z.object({
    delivery: ruleSource,
    fee: ruleSource,
    programme: ruleSource.optional(),
    eligibility: ruleSource.optional(),
    requiredDocuments: ruleSource.optional(),
    serviceAreas: ruleSource.optional(),
  }),
});
export type CatalogueItem = z.infer<typeof catalogueItem>;

/**
 * A dated fee standard (收费标准) of an item, region-wide or for one county: in force from `effectiveFrom` (a China
 * date) until the next version of the same item and county. Before an item's first version its catalogue `feeFen`
 * is the standard. `unit` repeats the item's unit (its English name) so a standard cannot be read per another unit.
 */
export const feeStandard = z.object({
  item: z.string().min(1),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  unit: z.string().min(1),
  feeFen: fen,
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  source: ruleSource,
});
export type FeeStandard = z.infer<typeof feeStandard>;

export const policyPackSchema = z
  .object({
    region: regionId,
    name: localized,
    version: z.string().min(1),
    caseNumberPrefix: z.string().regex(/^[A-Z]{2,4}$/),
    /** The format of the service number (服务号) each recipient's file (一人一档) is issued under (service-number.ts). */
    serviceNumber: sourced(serviceNumberFormat),
    /** The plans (实施方案) the pack's rules cite by id; a source citing a plan not listed here is refused. */
    plans: z.array(plan).min(1),
    /** Whether the fee amounts are the county's published standards or DEMO values. */
    feeStandardSource: z.enum(['demo', 'published']),
    hotline: sourced(z.string()).optional(),
    /** Languages residents are served in by the chat bot and hotline, the first being the default. */
    residentLanguages: sourced(z.array(z.enum(['zh', 'ug', 'en'])).min(1)),
    approval: z.object({ levels: z.array(z.enum(['township', 'county'])).min(1), source: ruleSource }),
    /** Funding sources, budgets, the purchased-services cap and the order sources pay in (see funding.ts). */
    funding,
    /** The yearly subsidy of trained neighbours (邻里互助); none: the region has no neighbour help. */
    neighbourHelp: neighbourHelpSubsidy.optional(),
    /** The county's yearly spot checks (抽查): share and strata (see spot-check.ts). */
    spotCheck,
    /** Age from which a person counts as elderly (老年人) for the region's rules. */
    elderAge: sourced(z.number().int().min(50).max(80)),
    /** Documents every application needs. */
    requiredDocuments: sourced(z.array(documentType).min(1)),
    /** The registers the home investigation verifies assistance statuses against (none: nothing can be verified). */
    statusRegisters: z.array(statusRegister).default([]),
    /**
     * The working calendar time limits count in: a base calendar of `policy/calendars/` (the national holidays)
     * plus the region's own holidays and make-up working days.
     */
    calendar: z.object({
      base: z.string().default('china'),
      holidays: z.array(z.string()).default([]),
      workdays: z.array(z.string()).default([]),
      /** Why time limits count in this calendar, and the notice the region's own days come from. */
      source: ruleSource,
    }),
    /** Time limits of each step, in working days (local choices; the plans set none). */
    timeLimits: z.object({
      investigationWorkingDays: sourced(z.number().int().positive()),
      reminderBeforeDueWorkingDays: sourced(z.number().int().min(0)),
      townshipReviewWorkingDays: sourced(z.number().int().positive()),
      countyApprovalWorkingDays: sourced(z.number().int().positive()).optional(),
      /** A receiver must answer (accept or reject) a referral within this many working days. */
      referralAnswerWorkingDays: sourced(z.number().int().positive()),
      /** How many receivers referral tries before escalating to the township. */
      referralMaxRoutings: sourced(z.number().int().positive()),
    }),
    /** The hotline's complaint time limits, in working days. */
    complaints: z.object({
      acknowledgeWorkingDays: sourced(z.number().int().positive()),
      resolveWorkingDays: sourced(z.number().int().positive()),
    }),
    /** Receivers of referrals by code: departments (basic public services), charities, institutions. */
    departments: z.record(
      z.string(),
      z.object(
        { name: z.string().min(1), source: ruleSource },
        { error: (i) => (i.code === 'invalid_type' ? 'names no source: write { name: …, source: … }' : undefined) },
      ),
    ),
    /**
     * The receivers' names in the residents' other languages (what the chat bot tells a resident), by language
     * then department code; a name missing here is said in Chinese (`departments`).
     */
    departmentNames: z.partialRecord(z.enum(['en', 'ug']), z.record(z.string(), z.string().min(1))).default({}),
    targetGroups: z
      .array(
        z.object({
          code: targetGroup,
          name: z.string(),
          requiresCondition: z.boolean().default(false),
          source: ruleSource,
        }),
      )
      .min(1),
    conditions: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        /** When set, the condition is computed from facts (age, Barthel index) rather than verified by hand. */
        derive: z
          .object({
            minAge: z.number().int().min(0).optional(),
            barthelMax: z.number().int().min(0).max(100).optional(),
          })
          .optional(),
        source: ruleSource,
      }),
    ),
    catalogue: z.array(catalogueItem).min(1),
    /** Dated fee standards per item (and county); see `feeStandardOn`. None: every item's catalogue `feeFen`. */
    feeStandards: z.array(feeStandard).default([]),
    /**
     * Whether settlement pays delivered visits nobody confirmed (unverified), for a region that has not switched
     * the recipient's confirmation on yet. Absent or false: only verified visits are paid.
     */
    payUnverifiedVisits: z.object({ value: z.boolean(), source: ruleSource }).optional(),
    /** How items reach people, in the order routing tries them (see delivery-modes.ts); none: by item delivery. */
    deliveryModes: z.array(deliveryMode).default([]),
    /** Receivers named in the pack besides departments: institutions, party branches, village teams, neighbours, charities. */
    receivers: z.array(listedReceiver).default([]),
    /**
     * The training a worker of a provider needs before serving (registration on the platform is always needed):
     * at least `minHours` in total, and each of `courses` taken. None: no training rule in the region.
     */
    workerTraining: z
      .object({ minHours: z.number().min(0), courses: z.array(z.string().min(1)).default([]), source: ruleSource })
      .optional(),
    /**
     * How a visit is verified (check-in/out and the recipient's one-time code): a worker farther than
     * `farFromHomeMeters` from the recipient's home is flagged; the recipient confirms within `confirmWithinHours` of
     * the check-out, with at most `codeAttempts` tries. None: visits of the region cannot be checked in or out.
     */
    visitVerification: z
      .object({
        farFromHomeMeters: sourced(z.number().int().positive()),
        confirmWithinHours: sourced(z.number().positive().max(744)),
        codeAttempts: sourced(z.number().int().min(1).max(10)),
      })
      .optional(),
    /**
     * When a visit's worker is reminded of it: `hoursBefore` the visit's start (a visit booked or moved closer than
     * that is reminded at once). None: the region's workers get no visit reminder.
     */
    visitReminder: z.object({ hoursBefore: sourced(z.number().positive().max(168)) }).optional(),
    /** The training a neighbour (邻里互助) needs before their help visits count, as `workerTraining`. None: no rule. */
    neighbourTraining: z
      .object({ minHours: z.number().min(0), courses: z.array(z.string().min(1)).default([]), source: ruleSource })
      .optional(),
    /**
     * The love doorbell 爱心门铃: minutes after a press with nobody acknowledging before the township is alerted
     * (and the village coordinator again). None: the region has no doorbells.
     */
    doorbell: z.object({ escalateAfterMinutes: z.number().positive().max(1440), source: ruleSource }).optional(),
    jurisdictions: z.array(county).min(1),
  })
  .transform(({ hotline, residentLanguages, elderAge, requiredDocuments, serviceNumber, ...pack }) => {
    // The `{ value, source }` settings become plain values, as services read them; their sources are kept, keyed
    // by the setting's path (e.g. `timeLimits.investigationWorkingDays`), for the generated pack pages.
    const sources: Record<string, RuleSource> = {};
    const take = <T>(path: string, setting: { value: T; source: RuleSource }): T => {
      sources[path] = setting.source;
      return setting.value;
    };
    const { timeLimits: t, complaints: c } = pack;
    return {
      ...pack,
      hotline: hotline && take('hotline', hotline),
      residentLanguages: take('residentLanguages', residentLanguages),
      elderAge: take('elderAge', elderAge),
      requiredDocuments: take('requiredDocuments', requiredDocuments),
      serviceNumber: take('serviceNumber', serviceNumber),
      timeLimits: {
        investigationWorkingDays: take('timeLimits.investigationWorkingDays', t.investigationWorkingDays),
        reminderBeforeDueWorkingDays: take('timeLimits.reminderBeforeDueWorkingDays', t.reminderBeforeDueWorkingDays),
        townshipReviewWorkingDays: take('timeLimits.townshipReviewWorkingDays', t.townshipReviewWorkingDays),
        countyApprovalWorkingDays:
          t.countyApprovalWorkingDays && take('timeLimits.countyApprovalWorkingDays', t.countyApprovalWorkingDays),
        referralAnswerWorkingDays: take('timeLimits.referralAnswerWorkingDays', t.referralAnswerWorkingDays),
        referralMaxRoutings: take('timeLimits.referralMaxRoutings', t.referralMaxRoutings),
      },
      complaints: {
        acknowledgeWorkingDays: take('complaints.acknowledgeWorkingDays', c.acknowledgeWorkingDays),
        resolveWorkingDays: take('complaints.resolveWorkingDays', c.resolveWorkingDays),
      },
      departments: Object.fromEntries(
        Object.entries(pack.departments).map(([code, d]) => [
          code,
          take(`departments.${code}`, { value: d.name, source: d.source }),
        ]),
      ),
      /** The sources of the plain settings above, by path. */
      sources,
    };
  })
  .superRefine((pack, ctx) => {
    // Provenance: each plan cited is listed; each rule an item has names its source.
    const planIds = new Set(pack.plans.map((p) => p.id));
    for (const { path, source } of citedSources(pack)) {
      const planId = /^(\d{3}) /.exec(source)?.[1];
      // A plain setting's source is kept under `sources.<its path>`: name the setting.
      const at = path[0] === 'sources' ? [...String(path[1]).split('.'), 'source'] : path;
      if (planId && !planIds.has(planId))
        ctx.addIssue({ code: 'custom', path: at, message: `cites plan ${planId}, which is not listed under plans` });
    }
    pack.catalogue.forEach((item, i) => {
      const g = item.eligibility;
      const facets = {
        programme: item.programme !== undefined,
        eligibility: g.ageMin !== undefined || g.ageMax !== undefined || !!g.groups || !!g.conditions,
        requiredDocuments: item.requiredDocuments.length > 0,
        serviceAreas: item.serviceAreas !== undefined,
      };
      for (const [facet, present] of Object.entries(facets))
        if (present && !item.sources[facet as keyof typeof facets])
          ctx.addIssue({
            code: 'custom',
            path: ['catalogue', i, 'sources', facet],
            message: `the item's ${facet} names no source: give a plan clause (e.g. "000 三(六)1") or "local: <why>"`,
          });
    });
    checkDeliveryModes(pack, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    checkFunding(pack, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    const codes = new Set<string>();
    pack.catalogue.forEach((item, i) => {
      if (codes.has(item.code))
        ctx.addIssue({ code: 'custom', path: ['catalogue', i, 'code'], message: `duplicate item code ${item.code}` });
      codes.add(item.code);
      if (item.delivery !== 'purchased' && !(item.department && item.department in pack.departments))
        ctx.addIssue({
          code: 'custom',
          path: ['catalogue', i, 'department'],
          message: 'a department, charity or institution item names a receiver listed under departments',
        });
      const known = new Set(pack.conditions.map((c) => c.code));
      item.eligibility.conditions?.forEach((c, j) => {
        if (!known.has(c))
          ctx.addIssue({
            code: 'custom',
            path: ['catalogue', i, 'eligibility', 'conditions', j],
            message: `unknown condition ${c}`,
          });
      });
    });
    for (const [language, names] of Object.entries(pack.departmentNames))
      for (const code of Object.keys(names ?? {}))
        if (!(code in pack.departments))
          ctx.addIssue({
            code: 'custom',
            path: ['departmentNames', language, code],
            message: `names a department not listed under departments: ${code}`,
          });
    const registerCodes = new Set<string>();
    pack.statusRegisters.forEach((r, i) => {
      if (registerCodes.has(r.code))
        ctx.addIssue({ code: 'custom', path: ['statusRegisters', i, 'code'], message: `duplicate register ${r.code}` });
      registerCodes.add(r.code);
      r.statuses.forEach((s, j) => {
        if (!pack.targetGroups.some((g) => g.code === s))
          ctx.addIssue({
            code: 'custom',
            path: ['statusRegisters', i, 'statuses', j],
            message: `${s} is not a target group of this region`,
          });
      });
    });
    checkFeeStandards(pack, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    if (pack.approval.levels.includes('county') && pack.timeLimits.countyApprovalWorkingDays === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['timeLimits', 'countyApprovalWorkingDays'],
        message: 'required when the county approves',
      });
    const counties = new Set(pack.jurisdictions.map((c) => c.code));
    pack.catalogue.forEach((item, i) =>
      item.serviceAreas?.forEach((area, j) => {
        if (!counties.has(area))
          ctx.addIssue({
            code: 'custom',
            path: ['catalogue', i, 'serviceAreas', j],
            message: `county ${area} is not in this region`,
          });
      }),
    );
    pack.jurisdictions.forEach((c, i) =>
      c.townships.forEach((t, j) => {
        if (t.code.length !== 9 || !t.code.startsWith(c.code))
          ctx.addIssue({
            code: 'custom',
            path: ['jurisdictions', i, 'townships', j, 'code'],
            message: `township ${t.code} is not a 9-digit code under county ${c.code}`,
          });
        t.villages.forEach((v, k) => {
          if (v.code.length !== 12 || !v.code.startsWith(t.code))
            ctx.addIssue({
              code: 'custom',
              path: ['jurisdictions', i, 'townships', j, 'villages', k, 'code'],
              message: `village ${v.code} is not a 12-digit code under township ${t.code}`,
            });
        });
      }),
    );
  });

export type PolicyPack = z.infer<typeof policyPackSchema> & {
  /** The calendar resolved at load: base calendar and the region's own days. */
  workingCalendar: WorkingCalendar;
};

export class PolicyPackError extends Error {}

/** Validates a parsed pack; the error names each bad field by its path. */
export function validatePolicyPack(
  raw: unknown,
  source: string,
  calendars: ReadonlyMap<string, CalendarFile> = new Map(),
): PolicyPack {
  const parsed = policyPackSchema.safeParse(raw);
  const invalid = (lines: string[]) => new PolicyPackError(`policy pack ${source} is not valid:\n${lines.join('\n')}`);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`));
  const { calendar } = parsed.data;
  const base = calendars.get(calendar.base);
  if (!base && calendars.size > 0)
    throw invalid([`  calendar.base: no calendar named ${calendar.base} in policy/calendars`]);
  try {
    return { ...parsed.data, workingCalendar: workingCalendarOf(base, calendar) };
  } catch (err) {
    throw invalid([`  calendar: ${(err as Error).message}`]);
  }
}

/**
 * The documents an item needs: the region's for every application, then the item's own, each once, in that
 * order (一人一档).
 */
export function requiredDocumentsOf(pack: PolicyPack, itemCode: string): DocumentType[] {
  const item = catalogueItemOf(pack, itemCode);
  return [...new Set([...pack.requiredDocuments, ...(item?.requiredDocuments ?? [])])];
}

/** What each item still lacks, given the kinds of document on file; items lacking nothing are left out. */
export function missingDocuments(
  pack: PolicyPack,
  itemCodes: readonly string[],
  onFile: Iterable<string>,
): { itemCode: string; documents: DocumentType[] }[] {
  const have = new Set(onFile);
  return itemCodes
    .map((itemCode) => ({ itemCode, documents: requiredDocumentsOf(pack, itemCode).filter((d) => !have.has(d)) }))
    .filter((m) => m.documents.length > 0);
}

/** Names of the documents, in Chinese, as a clerk or a resident reads them. */
export const documentNamesZh: Record<DocumentType, string> = {
  id_card: '身份证',
  household_register: '户口本',
  status_proof: '社会救助对象相关证明',
  illness_certificate: '疾病证明',
  disability_certificate: '残疾证',
  guardianship_proof: '监护关系证明',
};

export const documentNamesEn: Record<DocumentType, string> = {
  id_card: 'ID card',
  household_register: 'household register',
  status_proof: 'proof of assistance status',
  illness_certificate: 'illness certificate',
  disability_certificate: 'disability certificate',
  guardianship_proof: 'proof of guardianship',
};

export function catalogueItemOf(pack: PolicyPack, code: string): CatalogueItem | undefined {
  return pack.catalogue.find((i) => i.code === code);
}

/** Each version names an item of the catalogue in its unit, a county of the region, and no two share a start. */
function checkFeeStandards(
  pack: Pick<PolicyPack, 'feeStandards' | 'catalogue' | 'jurisdictions'>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const starts = new Set<string>();
  pack.feeStandards.forEach((standard, i) => {
    const item = pack.catalogue.find((c) => c.code === standard.item);
    if (!item) issue(['feeStandards', i, 'item'], `item ${standard.item} is not in the catalogue`);
    else if (item.unit.en !== standard.unit)
      issue(['feeStandards', i, 'unit'], `item ${item.code} is priced per ${item.unit.en}, not per ${standard.unit}`);
    if (standard.county && !pack.jurisdictions.some((c) => c.code === standard.county))
      issue(['feeStandards', i, 'county'], `county ${standard.county} is not in this region`);
    if (Number.isNaN(Date.parse(`${standard.effectiveFrom}T00:00:00Z`)))
      issue(['feeStandards', i, 'effectiveFrom'], `${standard.effectiveFrom} is not a date`);
    const key = `${standard.item}|${standard.county ?? '*'}|${standard.effectiveFrom}`;
    if (starts.has(key))
      issue(
        ['feeStandards', i, 'effectiveFrom'],
        `a second version of ${standard.item}${standard.county ? ` in ${standard.county}` : ''} from ${standard.effectiveFrom}: versions of one item and county overlap`,
      );
    starts.add(key);
  });
}

/** The fee standard of an item in force on a day: the fen per unit, where it comes from, and since when. */
export interface FeeInForce {
  itemCode: string;
  feeFen: number;
  unit: { zh: string; en: string };
  /** The version's start; absent for the catalogue fee (in force before any version). */
  effectiveFrom?: string;
  county?: string;
  source: string;
}

/**
 * The fee standard in force for an item in a county on a China date (YYYY-MM-DD): the latest version started on
 * or before the day, the county's own before the region's; else the catalogue `feeFen`. Undefined when the item
 * is not in the catalogue.
 */
export function feeStandardOn(
  pack: Pick<PolicyPack, 'feeStandards' | 'catalogue'>,
  itemCode: string,
  county: string | undefined,
  day: string,
): FeeInForce | undefined {
  const item = pack.catalogue.find((c) => c.code === itemCode);
  if (!item) return undefined;
  const latest = (inCounty: string | undefined) =>
    pack.feeStandards
      .filter((s) => s.item === itemCode && s.county === inCounty && s.effectiveFrom <= day)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  const version = (county ? latest(county) : undefined) ?? latest(undefined);
  if (!version) return { itemCode, feeFen: item.feeFen, unit: item.unit, source: item.sources.fee };
  return {
    itemCode,
    feeFen: version.feeFen,
    unit: item.unit,
    effectiveFrom: version.effectiveFrom,
    ...(version.county ? { county: version.county } : {}),
    source: version.source,
  };
}

export interface Place {
  county: { code: string; name: string };
  township: { code: string; name: string };
  village?: { code: string; name: string; demo: boolean };
}

/** Resolves a township (and optionally village) code to its place in the region, or undefined. */
export function placeOf(pack: PolicyPack, townshipCode: string, villageCode?: string): Place | undefined {
  for (const c of pack.jurisdictions) {
    const t = c.townships.find((x) => x.code === townshipCode);
    if (!t) continue;
    const v = villageCode ? t.villages.find((x) => x.code === villageCode) : undefined;
    if (villageCode && !v) return undefined;
    return {
      county: { code: c.code, name: c.name },
      township: { code: t.code, name: t.name },
      ...(v ? { village: v } : {}),
    };
  }
  return undefined;
}
