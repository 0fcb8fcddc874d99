import { fen, jurisdictionCode, regionId, targetGroup } from '@carelink/contracts';
import { z } from 'zod';
import { workingCalendarOf, type CalendarFile, type WorkingCalendar } from './working-calendar';

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
const county = z.object({ code: jurisdictionCode, name: z.string().min(1), townships: z.array(township).min(1) });

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
});
export type CatalogueItem = z.infer<typeof catalogueItem>;

export const policyPackSchema = z
  .object({
    region: regionId,
    name: localized,
    version: z.string().min(1),
    caseNumberPrefix: z.string().regex(/^[A-Z]{2,4}$/),
    feeStandardSource: z.enum(['demo', 'published']),
    hotline: z.string().optional(),
    /** Languages residents are served in by the chat bot and hotline, the first being the default. */
    residentLanguages: z
      .array(z.enum(['zh', 'ug', 'en']))
      .min(1)
      .default(['zh', 'en']),
    approval: z.object({ levels: z.array(z.enum(['township', 'county'])).min(1) }),
    fundingCapPercentOfAssistanceFunds: z.number().positive().max(100),
    /** Age from which a person counts as elderly (老年人) for the region's rules. */
    elderAge: z.number().int().min(50).max(80).default(60),
    /** Documents every application needs. */
    requiredDocuments: z.array(documentType).min(1),
    /** The registers the home investigation verifies assistance statuses against (none: nothing can be verified). */
    statusRegisters: z.array(statusRegister).default([]),
    /**
     * The working calendar time limits count in: a base calendar of `policy/calendars/` (the national holidays)
     * plus the region's own holidays and make-up working days.
     */
    calendar: z
      .object({
        base: z.string().default('china'),
        holidays: z.array(z.string()).default([]),
        workdays: z.array(z.string()).default([]),
        source: z.string().optional(),
      })
      .default({ base: 'china', holidays: [], workdays: [] }),
    /** Time limits of each step, in working days (local choices; the plans set none). */
    timeLimits: z.object({
      investigationWorkingDays: z.number().int().positive(),
      reminderBeforeDueWorkingDays: z.number().int().min(0),
      townshipReviewWorkingDays: z.number().int().positive(),
      countyApprovalWorkingDays: z.number().int().positive().optional(),
      /** A receiver must answer (accept or reject) a referral within this many working days. */
      referralAnswerWorkingDays: z.number().int().positive(),
      /** How many receivers referral tries before escalating to the township (DEMO default 3). */
      referralMaxRoutings: z.number().int().positive().default(3),
    }),
    /** The hotline's complaint time limits, in working days (defaults: acknowledge in 2, resolve in 15). */
    complaints: z
      .object({
        acknowledgeWorkingDays: z.number().int().positive().default(2),
        resolveWorkingDays: z.number().int().positive().default(15),
      })
      .default({ acknowledgeWorkingDays: 2, resolveWorkingDays: 15 }),
    departments: z.record(z.string(), z.string()),
    /**
     * The receivers' names in the residents' other languages (what the chat bot tells a resident), by language
     * then department code; a name missing here is said in Chinese (`departments`).
     */
    departmentNames: z.partialRecord(z.enum(['en', 'ug']), z.record(z.string(), z.string().min(1))).default({}),
    targetGroups: z
      .array(z.object({ code: targetGroup, name: z.string(), requiresCondition: z.boolean().default(false) }))
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
      }),
    ),
    catalogue: z.array(catalogueItem).min(1),
    jurisdictions: z.array(county).min(1),
  })
  .superRefine((pack, ctx) => {
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
