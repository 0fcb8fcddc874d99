/**
 * Names for the codes of the signed-in account's region (`GET /console/directory`, from its policy pack and the
 * providers known to the region). Screens show these names, never bare codes. The BFF may give each list as an
 * array of entries or as a code → name (or code → entry) map; both are read.
 */
export interface Place {
  code: string;
  name: string;
  nameEn?: string;
  level?: string;
  parent?: string;
}
export interface Item {
  code: string;
  name: string;
  nameEn?: string;
  category?: string;
  delivery?: string;
  department?: string;
  unit?: string;
}
export interface Named {
  code: string;
  name: string;
  nameEn?: string;
  derived?: boolean;
}

/** A delivery mode (服务方式) of the region's pack, which a referral names by `mode.code`. */
export interface Mode extends Named {
  receiverKind?: string;
  handover?: string;
}
/** A receiver the pack names besides departments (party branch, village team, neighbours, charity, institution). */
export interface Receiver extends Named {
  kind?: string;
  /** The place it serves; none = the whole region. */
  area?: string;
  demo?: boolean;
}

export interface Directory {
  region?: string;
  regionName?: string;
  places: Map<string, Place>;
  items: Map<string, Item>;
  departments: Map<string, Named>;
  targetGroups: Map<string, Named>;
  conditions: Map<string, Named>;
  /** The registers statuses are verified against, with the statuses each confirms. */
  statusRegisters: Map<string, Named & { statuses?: string[] }>;
  /** How catalogue items are delivered (an item's `delivery`). */
  deliveryModes: Map<string, Named>;
  /** The region's delivery modes referrals are routed by, in the pack's order. */
  modes: Map<string, Mode>;
  receivers: Map<string, Receiver>;
  providers: Map<string, Named>;
  approvalLevels?: ('township' | 'county')[];
  /** The region's funding has a 低保 top-up source (families consent to it; Changji). */
  dibaoTopUp?: boolean;
}

type RawList = unknown;

/** Reads `[{code, name, …}]`, `{code: name}` or `{code: {name, …}}` into a map by code. */
function entries<T extends { code: string; name: string }>(
  raw: RawList,
  codeKeys: string[] = ['code'],
): Map<string, T> {
  const out = new Map<string, T>();
  const nameOf = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const n = (v as { name?: unknown }).name;
      if (typeof n === 'string') return n;
      if (n && typeof n === 'object' && typeof (n as { zh?: unknown }).zh === 'string') return (n as { zh: string }).zh;
    }
    return undefined;
  };
  if (Array.isArray(raw)) {
    for (const e of raw) {
      if (!e || typeof e !== 'object') continue;
      const rec = e as Record<string, unknown>;
      const code = codeKeys.map((k) => rec[k]).find((v): v is string => typeof v === 'string');
      const name = nameOf(e);
      if (code && name) out.set(code, { ...(rec as object), code, name } as T);
    }
  } else if (raw && typeof raw === 'object') {
    for (const [code, v] of Object.entries(raw as Record<string, unknown>)) {
      const name = nameOf(v);
      if (name) out.set(code, { ...(v && typeof v === 'object' ? (v as object) : {}), code, name } as T);
    }
  }
  return out;
}

export function readDirectory(raw: Record<string, unknown>): Directory {
  const places = entries<Place>(raw.jurisdictions ?? raw.places);
  // A place's parent is the code it starts with: county 6 digits, township 9, village 12.
  for (const p of places.values()) {
    if (!p.parent && p.code.length > 6) p.parent = p.code.slice(0, p.code.length === 12 ? 9 : 6);
    if (!p.level) p.level = p.code.length === 6 ? 'county' : p.code.length === 9 ? 'township' : 'village';
  }
  const conditions = entries<Named>(raw.conditions);
  for (const c of conditions.values()) {
    const derive = (c as Named & { derive?: unknown }).derive;
    if (c.derived === undefined && derive) c.derived = true;
  }
  // The region: a code with `regionName`, or `{ code, name, nameEn }`.
  const region = raw.region as string | { code?: string; name?: string; nameEn?: string } | undefined;
  const regionCode = typeof region === 'string' ? region : region?.code;
  const regionName =
    typeof raw.regionName === 'string' ? raw.regionName : typeof region === 'object' ? region?.name : undefined;
  return {
    ...(regionCode ? { region: regionCode } : {}),
    ...(regionName ? { regionName } : {}),
    places,
    items: entries<Item>(raw.items ?? raw.catalogue),
    departments: entries<Named>(raw.departments),
    targetGroups: entries<Named>(raw.targetGroups),
    conditions,
    statusRegisters: entries<Named & { statuses?: string[] }>(raw.statusRegisters),
    deliveryModes: entries<Named>(raw.deliveryModes),
    modes: entries<Mode>(raw.modes),
    receivers: entries<Receiver>(raw.receivers),
    providers: entries<Named>(raw.providers, ['providerId', 'code', 'id']),
    ...(Array.isArray(raw.approvalLevels) ? { approvalLevels: raw.approvalLevels as ('township' | 'county')[] } : {}),
    ...(typeof raw.dibaoTopUp === 'boolean' ? { dibaoTopUp: raw.dibaoTopUp } : {}),
  };
}
