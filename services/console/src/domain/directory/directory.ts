import type { PolicyPack } from '@carelink/policy';

export type PlaceLevel = 'region' | 'county' | 'township' | 'village';

export interface PlaceName {
  code: string;
  name: string;
  level: PlaceLevel;
  /** The code of the place it lies in (none for a county). */
  parent?: string;
  demo?: boolean;
}

/** The ways an item reaches a person (the pack's `delivery`), as staff name them. */
export const deliveryModeNames: Record<PolicyPack['catalogue'][number]['delivery'], { zh: string; en: string }> = {
  purchased: { zh: '政府购买服务', en: 'Government-purchased service' },
  department: { zh: '部门基本公共服务', en: 'Basic public service of a department' },
  charity: { zh: '慈善转介', en: 'Charity referral' },
  institution: { zh: '机构照护', en: 'Institutional care' },
};

/** The places of a region's pack: counties, townships and villages with their names. */
export function placesOf(pack: PolicyPack): PlaceName[] {
  return pack.jurisdictions.flatMap((county) => [
    { code: county.code, name: county.name, level: 'county' as const },
    ...county.townships.flatMap((township) => [
      { code: township.code, name: township.name, level: 'township' as const, parent: county.code },
      ...township.villages.map((village) => ({
        code: village.code,
        name: village.name,
        level: 'village' as const,
        parent: township.code,
        ...(village.demo ? { demo: true } : {}),
      })),
    ]),
  ]);
}

/**
 * The name of a jurisdiction code in its region: a county, township or village of the pack by its name; a code
 * above every county of the region (a prefecture or province code, as hotline operators have) by the region's
 * name; anything else by the code itself, so a screen never shows nothing.
 */
export function jurisdictionNameOf(pack: PolicyPack | undefined, code: string): string {
  if (!pack) return code;
  const place = placesOf(pack).find((p) => p.code === code);
  if (place) return place.name;
  if (pack.jurisdictions.every((county) => county.code.startsWith(code))) return pack.name.zh;
  return code;
}

/** Whether `code` names the region as a whole or one of its places (what an account's jurisdiction may be). */
export function isPlaceOfRegion(pack: PolicyPack, code: string): boolean {
  return placesOf(pack).some((p) => p.code === code);
}

export interface ProviderName {
  providerId: string;
  name: string;
}

export interface Directory {
  region: { code: string; name: string; nameEn: string };
  jurisdictions: PlaceName[];
  items: {
    code: string;
    name: string;
    nameEn: string;
    category: string;
    delivery: string;
    department?: string;
    unit: string;
    feeFen: number;
  }[];
  /** How an item is delivered (the catalogue's `delivery`: purchased, department, charity, institution). */
  deliveryModes: { code: string; name: string; nameEn: string }[];
  /**
   * The region's delivery modes (服务方式) referrals are routed by, in the pack's order: a referral's `mode.code`,
   * with who receives it and how it is handed over.
   */
  modes: { code: string; name: string; nameEn: string; receiverKind: string; handover: string }[];
  /**
   * The receivers the pack names besides departments and providers (party branches, village teams, neighbours,
   * charities, institutions): a referral's route names them by code (`departmentCode`, with `receiverKind`).
   */
  receivers: { code: string; kind: string; name: string; area?: string; demo?: boolean }[];
  departments: { code: string; name: string }[];
  targetGroups: { code: string; name: string }[];
  /** `derived`: computed from age and the Barthel index by the rules, never entered by hand. */
  conditions: { code: string; name: string; derived?: boolean }[];
  /** The registers an investigation verifies assistance statuses against, and the statuses each confirms. */
  statusRegisters: { code: string; name: string; statuses: string[] }[];
  /** The region's approval chain (township; township then county). */
  approvalLevels: ('township' | 'county')[];
  /**
   * Whether the region's funding has a 低保 top-up source (Changji: the part of a 低保 family's allowance above the
   * local standard, with the family's consent): the township records consents only there.
   */
  dibaoTopUp: boolean;
  providers: ProviderName[];
}

/**
 * Names for the codes a screen shows, from the region's pack, and the providers the region has contracts with
 * (one name per provider, the first seen).
 */
export function directoryOf(pack: PolicyPack, providers: readonly ProviderName[]): Directory {
  const byProvider = new Map<string, ProviderName>();
  for (const p of providers) if (!byProvider.has(p.providerId)) byProvider.set(p.providerId, p);
  return {
    region: { code: pack.region, name: pack.name.zh, nameEn: pack.name.en },
    jurisdictions: placesOf(pack),
    items: pack.catalogue.map((item) => ({
      code: item.code,
      name: item.name.zh,
      nameEn: item.name.en,
      category: item.category,
      delivery: item.delivery,
      ...(item.department ? { department: item.department } : {}),
      unit: item.unit.zh,
      feeFen: item.feeFen,
    })),
    deliveryModes: Object.entries(deliveryModeNames).map(([code, n]) => ({ code, name: n.zh, nameEn: n.en })),
    modes: pack.deliveryModes.map((mode) => ({
      code: mode.code,
      name: mode.name.zh,
      nameEn: mode.name.en,
      receiverKind: mode.receiver.kind,
      handover: mode.handover,
    })),
    receivers: pack.receivers.map((r) => ({
      code: r.code,
      kind: r.kind,
      name: r.name,
      ...(r.area ? { area: r.area } : {}),
      ...(r.demo ? { demo: true } : {}),
    })),
    departments: Object.entries(pack.departments).map(([code, name]) => ({ code, name })),
    targetGroups: pack.targetGroups.map((g) => ({ code: g.code, name: g.name })),
    conditions: pack.conditions.map((c) => ({ code: c.code, name: c.name, ...(c.derive ? { derived: true } : {}) })),
    statusRegisters: pack.statusRegisters.map((r) => ({ code: r.code, name: r.name, statuses: r.statuses })),
    approvalLevels: pack.approval.levels,
    dibaoTopUp: pack.funding.sources.some((s) => s.kind === 'dibao_top_up'),
    providers: [...byProvider.values()],
  };
}
