import type { CatalogueItem, PolicyPack } from './policy-pack';
import { citationOf, type Plan } from './provenance';

/**
 * The audit page of a pack (docs/policy/<region>.md): every rule with its value and its source, grouped by section,
 * each plan clause linked to the plan it cites, so a county officer can check the pack against the plan. Sections
 * this page does not know yet (a new part of the schema) are listed generically, entry by entry, so nothing in a
 * pack escapes the page. Pure: the same pack gives the same text.
 */
export interface PolicyPage {
  markdown: string;
  /** Paths of rules that name no source (the page shows them as "NO SOURCE"); empty for a valid pack. */
  unsourced: string[];
}

/** Parts of a pack that are not rules: its identity, the plans themselves, translations, derived data. */
const NOT_RULES = new Set([
  'region',
  'name',
  'version',
  'caseNumberPrefix',
  'plans',
  'feeStandardSource',
  'departmentNames',
  'workingCalendar',
  'sources',
]);

interface Row {
  rule: string;
  value: string;
  source: string | undefined;
  path: string;
}

interface Section {
  title: string;
  rows: Row[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const isEmpty = (v: unknown) =>
  v === undefined ||
  (Array.isArray(v) ? v.length === 0 : v !== null && typeof v === 'object' && !Object.keys(v).length);

/** A value as the YAML says it, on one line, leaving out what is empty. */
function compact(value: unknown): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => !isEmpty(v));
    return fields.length ? `{ ${fields.map(([k, v]) => `${k}: ${compact(v)}`).join(', ')} }` : '{}';
  }
  return String(value);
}

function withoutSource(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'source' && k !== 'sources'));
}

function fen(amount: number): string {
  return `${amount} fen (¥${(amount / 100).toFixed(2)})`;
}

/**
 * An entry of a section this page has no layout for: one row for the entry, and one for each nested object that
 * names its own source (e.g. a delivery mode's conditions).
 */
function genericRows(label: string, path: string, entry: unknown): Row[] {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    return [{ rule: label, value: compact(entry), source: undefined, path }];
  const record = entry as Record<string, unknown>;
  const nested: Row[] = [];
  const own: Record<string, unknown> = {};
  const walk = (value: unknown, at: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...at, String(i)])).filter((v) => !isEmpty(v));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    if (at.length > 0 && typeof obj.source === 'string') {
      nested.push({
        rule: `${label} · ${at.join('.')}`,
        value: compact(withoutSource(obj)),
        source: obj.source,
        path: `${path}.${at.join('.')}`,
      });
      return undefined;
    }
    // The entry's own code and name are the row's label.
    const kept = Object.entries(obj)
      .filter(([k]) => at.length > 0 || !['source', 'sources', 'code', 'name'].includes(k))
      .map(([k, v]) => [k, walk(v, [...at, k])] as const)
      .filter(([, v]) => v !== undefined);
    return Object.fromEntries(kept);
  };
  Object.assign(own, walk(record, []));
  return [
    { rule: label, value: compact(own), source: typeof record.source === 'string' ? record.source : undefined, path },
    ...nested,
  ];
}

/** A share in basis points as a percentage (100 → 1 %), exact. */
function share(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return `${whole}${rest ? `.${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''} % (${basisPoints} basis points)`;
}

function fundingRows(pack: PolicyPack): Row[] {
  const f = pack.funding;
  const pays = (p: Record<string, string[] | undefined>) =>
    Object.entries(p)
      .filter(([, v]) => v?.length)
      .map(([k, v]) => `${k} ${v!.join(' / ')}`)
      .join('; ') || 'any line';
  return [
    {
      rule: 'purchased-services cap, share of the pooled assistance funds',
      value: share(f.purchasedServicesCap.basisPoints),
      source: f.purchasedServicesCap.source,
      path: 'funding.purchasedServicesCap',
    },
    ...f.sources.flatMap((s, i): Row[] => [
      {
        rule: `${s.code} ${s.name.zh}`,
        value: `${s.name.en}; ${s.kind}`,
        source: s.source,
        path: `funding.sources.${i}`,
      },
      {
        rule: `${s.code} · pays`,
        value: pays(s.pays),
        source: s.sources.pays ?? s.source,
        path: `funding.sources.${i}.sources.pays`,
      },
      {
        rule: `${s.code} · counts toward the cap`,
        value: s.countsTowardCap ? 'yes' : 'no',
        source: s.sources.countsTowardCap ?? s.source,
        path: `funding.sources.${i}.sources.countsTowardCap`,
      },
    ]),
    {
      rule: 'allocation order (first that may pay and has money left)',
      value: f.allocation.order.join(' → '),
      source: f.allocation.source,
      path: 'funding.allocation',
    },
    ...f.countyYears.map((y, i) => ({
      rule: `${y.county} ${y.year}${y.demo ? ' (DEMO)' : ''}`,
      value: [
        `pooled assistance funds ${fen(y.pooledAssistanceFundsFen)}`,
        ...Object.entries(y.budgets).map(([code, amount]) => `${code} ${fen(amount)}`),
      ].join('; '),
      source: y.source,
      path: `funding.countyYears.${i}`,
    })),
  ];
}

function neighbourHelpRows(pack: PolicyPack): Row[] {
  const n = pack.neighbourHelp;
  if (!n) return [];
  return [
    {
      rule: 'neighbour-help subsidy',
      value: 'yearly, from the visits the village counted',
      source: n.source,
      path: 'neighbourHelp',
    },
    {
      rule: 'amount',
      value:
        n.basis === 'per_visit'
          ? `${fen(n.perVisitFen)} per visit${n.yearlyCeilingFen !== undefined ? `, at most ${fen(n.yearlyCeilingFen)} a year` : ''}`
          : `${fen(n.yearlyFen)} a year from ${n.minVisits} visits`,
      source: n.sources.amount,
      path: 'neighbourHelp.sources.amount',
    },
    { rule: 'paid from', value: n.paidFrom, source: n.sources.paidFrom, path: 'neighbourHelp.sources.paidFrom' },
  ];
}

function itemRows(pack: PolicyPack, item: CatalogueItem, i: number): Row[] {
  const at = `catalogue.${i}`;
  const label = `${item.code} ${item.name.zh}`;
  const receiver = item.department ? ` → ${item.department} (${pack.departments[item.department] ?? '?'})` : '';
  const g = item.eligibility;
  const gate = [
    ...(g.ageMin !== undefined || g.ageMax !== undefined ? [`age ${g.ageMin ?? 0}–${g.ageMax ?? '…'}`] : []),
    ...(g.groups ? [`groups ${g.groups.join(' / ')}`] : []),
    ...(g.conditions ? [`conditions ${g.conditions.join(' / ')}`] : []),
  ];
  const rows: Row[] = [
    {
      rule: `${label}`,
      value: `${item.name.en}; category ${item.category}`,
      source: item.source,
      path: `${at}.source`,
    },
    {
      rule: `${label} · delivery`,
      value: `${item.delivery}${receiver}`,
      source: item.sources.delivery,
      path: `${at}.sources.delivery`,
    },
    {
      rule: `${label} · fee`,
      value: `${fen(item.feeFen)} per ${item.unit.zh} (${item.unit.en})`,
      source: item.sources.fee,
      path: `${at}.sources.fee`,
    },
  ];
  if (item.programme)
    rows.push({
      rule: `${label} · programme`,
      value: item.programme,
      source: item.sources.programme,
      path: `${at}.sources.programme`,
    });
  if (gate.length)
    rows.push({
      rule: `${label} · eligibility`,
      value: gate.join(g.groups && g.conditions && g.rule === 'group_or_condition' ? ' or ' : '; '),
      source: item.sources.eligibility,
      path: `${at}.sources.eligibility`,
    });
  if (item.requiredDocuments.length)
    rows.push({
      rule: `${label} · required documents`,
      value: item.requiredDocuments.join(', '),
      source: item.sources.requiredDocuments,
      path: `${at}.sources.requiredDocuments`,
    });
  if (item.serviceAreas)
    rows.push({
      rule: `${label} · service areas`,
      value: item.serviceAreas.join(', '),
      source: item.sources.serviceAreas,
      path: `${at}.sources.serviceAreas`,
    });
  return rows;
}

function sections(pack: PolicyPack): Section[] {
  const setting = (rule: string, key: string, value: unknown): Row => ({
    rule,
    value: compact(value),
    source: pack.sources[key],
    path: key,
  });
  const settings: Row[] = [
    {
      rule: 'approval levels',
      value: pack.approval.levels.join(' → '),
      source: pack.approval.source,
      path: 'approval',
    },
    ...(pack.hotline !== undefined ? [setting('hotline', 'hotline', pack.hotline)] : []),
    setting('resident languages (first = default)', 'residentLanguages', pack.residentLanguages),
    setting('elderly (老年人) from age', 'elderAge', pack.elderAge),
    setting('documents every application needs', 'requiredDocuments', pack.requiredDocuments),
    setting('service number (服务号) of the one-person file', 'serviceNumber', pack.serviceNumber),
    {
      rule: 'working calendar',
      value: compact({
        base: pack.calendar.base,
        holidays: pack.calendar.holidays.length ? pack.calendar.holidays : undefined,
        workdays: pack.calendar.workdays.length ? pack.calendar.workdays : undefined,
      }),
      source: pack.calendar.source,
      path: 'calendar',
    },
  ];
  /** The sections this page lays out, in its order; the settings above are one section. */
  const known: Record<string, () => Section> = {
    statusRegisters: () => ({
      title: 'Status registers',
      rows: pack.statusRegisters.map((r, i) => ({
        rule: `${r.code} ${r.name}`,
        value: `confirms ${r.statuses.join(', ')}`,
        source: r.source,
        path: `statusRegisters.${i}`,
      })),
    }),
    timeLimits: () => ({
      title: 'Time limits (working days)',
      rows: Object.entries(pack.timeLimits)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => setting(k, `timeLimits.${k}`, v)),
    }),
    complaints: () => ({
      title: 'Complaint time limits (working days)',
      rows: Object.entries(pack.complaints).map(([k, v]) => setting(k, `complaints.${k}`, v)),
    }),
    departments: () => ({
      title: 'Departments (receivers)',
      rows: Object.entries(pack.departments).map(([code, name]) => setting(code, `departments.${code}`, name)),
    }),
    targetGroups: () => ({
      title: 'Target groups',
      rows: pack.targetGroups.map((g, i) => ({
        rule: `${g.code} ${g.name}`,
        value: g.requiresCondition ? 'only with one of the conditions' : 'yes',
        source: g.source,
        path: `targetGroups.${i}`,
      })),
    }),
    conditions: () => ({
      title: 'Conditions',
      rows: pack.conditions.map((c, i) => ({
        rule: `${c.code} ${c.name}`,
        value: c.derive ? `derived: ${compact(c.derive)}` : 'verified by the investigation',
        source: c.source,
        path: `conditions.${i}`,
      })),
    }),
    catalogue: () => ({ title: 'Catalogue', rows: pack.catalogue.flatMap((item, i) => itemRows(pack, item, i)) }),
    funding: () => ({ title: 'Funding', rows: fundingRows(pack) }),
    ...(pack.neighbourHelp
      ? { neighbourHelp: () => ({ title: 'Neighbour-help subsidy', rows: neighbourHelpRows(pack) }) }
      : {}),
    spotCheck: () => ({
      title: 'Spot checks',
      rows: [
        {
          rule: 'share of the year’s verified services checked, in every stratum',
          value: share(pack.spotCheck.shareBasisPoints),
          source: pack.spotCheck.source,
          path: 'spotCheck',
        },
        {
          rule: 'strata',
          value: pack.spotCheck.strata.join(' × '),
          source: pack.spotCheck.sources.strata,
          path: 'spotCheck.sources.strata',
        },
      ],
    }),
    jurisdictions: () => ({
      title: 'Jurisdictions',
      rows: pack.jurisdictions.map((c, i) => ({
        rule: `${c.code} ${c.name}`,
        value: c.townships
          .map((t) => {
            const villages = t.villages.map((v) => `${v.name}${v.demo ? ' (demo)' : ''}`).join('、');
            return `${t.name}${t.location ? ' (coordinates)' : ''}${villages ? `: ${villages}` : ''}`;
          })
          .join('; '),
        source: c.source,
        path: `jurisdictions.${i}`,
      })),
    }),
  };
  const SETTINGS = ['approval', 'hotline', 'residentLanguages', 'elderAge'];
  const laidOut = new Set([...SETTINGS, 'requiredDocuments', 'serviceNumber', 'calendar', ...Object.keys(known)]);
  const record = pack as unknown as Record<string, unknown>;
  // Sections of the schema this page has no layout for (yet) are listed generically before the jurisdictions.
  const others = Object.keys(pack).filter((k) => !NOT_RULES.has(k) && !laidOut.has(k) && record[k] !== undefined);
  const { jurisdictions, ...before } = known;
  return [
    { title: 'Settings', rows: settings },
    ...Object.values(before).map((layout) => layout()),
    ...others.map((key) => {
      const value = record[key];
      const rows = Array.isArray(value)
        ? value.flatMap((entry, i) => {
            const e = entry as { code?: unknown; name?: unknown };
            const label = [e.code, typeof e.name === 'object' ? (e.name as { zh?: string }).zh : e.name]
              .filter((x) => typeof x === 'string')
              .join(' ');
            return genericRows(label || String(i), `${key}.${i}`, entry);
          })
        : value !== null && typeof value === 'object' && typeof (value as { source?: unknown }).source !== 'string'
          ? Object.entries(value).flatMap(([k, v]) => genericRows(k, `${key}.${k}`, v))
          : genericRows(key, key, value).map((r) => ({ ...r, source: r.source ?? pack.sources[key] }));
      return { title: key, rows };
    }),
    jurisdictions!(),
  ];
}

function renderSource(source: string | undefined, plans: Plan[]): string {
  if (!source) return '**NO SOURCE**';
  const { planId, clause, note } = citationOf(source);
  if (!planId) return `*local:* ${cell(note)}`;
  const plan = plans.find((p) => p.id === planId);
  // The clause links to the plan's entry (title, document number, date) at the top of the page.
  const link = plan ? `[${planId} ${clause}](#plan-${planId})` : `${planId} ${clause} (plan not listed)`;
  return note ? `${link} ${cell(note)}` : link;
}

/** The audit page of one pack. */
export function policyPage(pack: PolicyPack, packFile = `policy/${pack.region}.yaml`): PolicyPage {
  const all = sections(pack);
  const unsourced = all.flatMap((s) => s.rows.filter((r) => !r.source).map((r) => r.path));
  const lines = [
    `# ${pack.name.zh} (${pack.name.en}): policy pack rules and their sources`,
    '',
    `Generated from \`${packFile}\` (version ${pack.version}) by \`libs/policy/scripts/generate-policy-docs.ts\`;`,
    'do not edit by hand. Each rule names the clause of the plan it comes from, or `local:` and why, where the',
    'plan leaves the choice to the county.',
    `Fee amounts: ${pack.feeStandardSource === 'demo' ? '**DEMO values**, not published fee standards' : 'the published fee standards'}.`,
    ...(unsourced.length ? ['', `**${unsourced.length} rule(s) name no source:** ${unsourced.join(', ')}`] : []),
    '',
    '## Plans',
    '',
    ...pack.plans.flatMap((p) => [
      `<a id="plan-${p.id}"></a>**${p.id}**: ${p.url ? `[《${p.title}》](${p.url})` : `《${p.title}》`}, ${p.documentNumber}, ${p.date}`,
      '',
    ]),
    ...all.flatMap((s) => [
      `## ${s.title}`,
      '',
      '| Rule | Value | Source |',
      '| --- | --- | --- |',
      ...s.rows.map((r) => `| ${cell(r.rule)} | ${cell(r.value)} | ${renderSource(r.source, pack.plans)} |`),
      '',
    ]),
  ];
  return { markdown: lines.join('\n'), unsourced };
}
