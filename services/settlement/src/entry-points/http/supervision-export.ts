import { sendCsv, sendWorkbook, spreadsheetSafe } from '@carelink/http';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import type { NeighbourYearSubsidy } from '../../domain/funding/neighbour-subsidy';
import { findingNames, methodNames, type FindingKind } from '../../domain/spot-check/spot-check-result';
import type { PublicSupervisionResults, SupervisionReport } from '../../domain/spot-check/supervision-report';
import { yuan } from './statement-export';

/**
 * The printable exports of supervision and the neighbour subsidy: tables as XLSX sheets (and CSV) through the
 * same writer as the statement export (`sendWorkbook`, `sendCsv`), every cell neutralised against formulas.
 */
interface Table {
  name: string;
  columns: { header: string; width: number }[];
  rows: (string | number)[][];
}

function workbookOf(tables: readonly Table[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name);
    sheet.columns = t.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
    for (const row of t.rows) sheet.addRow(row.map((v) => spreadsheetSafe(v)));
    sheet.getRow(1).font = { bold: true };
  }
  return book;
}

const percent = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
const FINDINGS = Object.keys(findingNames) as FindingKind[];
const col = (header: string, width = 14) => ({ header, width });

function overviewRows(
  r: Pick<
    PublicSupervisionResults,
    | 'county'
    | 'year'
    | 'services'
    | 'checked'
    | 'shareCheckedBasisPoints'
    | 'requiredShareBasisPoints'
    | 'meetsShare'
    | 'byMethod'
  >,
) {
  return [
    ['县(市、区)', r.county],
    ['年度', r.year],
    ['已核实服务(次)', r.services],
    ['已抽查(次)', r.checked],
    ['抽查比例', percent(r.shareCheckedBasisPoints)],
    ['规定比例', percent(r.requiredShareBasisPoints)],
    ['是否达到规定比例', r.meetsShare ? '是' : '否'],
    ...Object.entries(r.byMethod).map(([m, n]) => [`检查方式：${methodNames[m as keyof typeof methodNames].zh}`, n]),
  ] as (string | number)[][];
}

/** The county's yearly supervision report: 概况, 发现问题, 分层抽查, 服务机构. */
export function supervisionReportWorkbook(r: SupervisionReport): ExcelJS.Workbook {
  return workbookOf([
    {
      name: '概况',
      columns: [col('项目', 24), col('数值', 40)],
      rows: [
        ...overviewRows(r),
        ['抽样编号', r.sampleId ?? '未抽样'],
        ['随机种子', r.seed ?? ''],
        ['样本未检查(次)', r.sampleOutstanding],
        ['暂扣金额(元)', yuan(r.heldFen)],
        ['冲销金额(元)', yuan(r.reversedFen)],
        ['解除暂扣金额(元)', yuan(r.releasedFen)],
      ],
    },
    {
      name: '发现问题',
      columns: [col('问题类型', 24), col('次数')],
      rows: FINDINGS.map((k) => [findingNames[k].zh, r.findingsByKind[k]]),
    },
    {
      name: '分层抽查',
      columns: [
        col('乡镇(街道)'),
        col('服务机构', 20),
        col('服务项目'),
        col('服务(次)'),
        col('应抽(次)'),
        col('已抽(次)'),
        col('已查(次)'),
        col('已查比例'),
      ],
      rows: r.byStratum.map((s) => [
        s.stratum.township ?? '',
        s.stratum.provider ?? '',
        s.stratum.item ?? '',
        s.total,
        s.required,
        s.sampled,
        s.checked,
        percent(s.shareCheckedBasisPoints),
      ]),
    },
    {
      name: '服务机构',
      columns: [
        col('服务机构', 20),
        col('服务(次)'),
        col('已查(次)'),
        ...FINDINGS.map((k) => col(findingNames[k].zh, 16)),
        col('暂扣(元)'),
        col('冲销(元)'),
      ],
      rows: r.byProvider.map((p) => [
        p.providerName ?? p.providerId,
        p.services,
        p.checked,
        ...FINDINGS.map((k) => p.findings[k] ?? 0),
        yuan(p.heldFen),
        yuan(p.reversedFen),
      ]),
    },
  ]);
}

/** The published results (counts only): 概况, 发现问题, 服务机构. */
export function publicResultsWorkbook(r: PublicSupervisionResults): ExcelJS.Workbook {
  return workbookOf([
    { name: '概况', columns: [col('项目', 24), col('数值', 20)], rows: overviewRows(r) },
    { name: '发现问题', columns: [col('问题类型', 24), col('次数')], rows: r.findings.map((f) => [f.name, f.count]) },
    {
      name: '服务机构',
      columns: [col('服务机构', 30), col('服务(次)'), col('已查(次)'), col('发现问题(次)')],
      rows: r.providers.map((p) => [p.provider, p.services, p.checked, p.findings]),
    },
  ]);
}

export async function sendSupervisionReportXlsx(res: Response, r: SupervisionReport): Promise<void> {
  await sendWorkbook(res, supervisionReportWorkbook(r), `supervision-report-${r.county}-${r.year}`);
}

export async function sendPublicResultsXlsx(res: Response, r: PublicSupervisionResults): Promise<void> {
  await sendWorkbook(res, publicResultsWorkbook(r), `supervision-results-${r.county}-${r.year}`);
}

/** A neighbour's yearly subsidy as lists and exports show it (the neighbour by id: settlement knows no names). */
type NeighbourSubsidyRow = NeighbourYearSubsidy;

const SUBSIDY_COLUMNS = [
  col('互助邻居', 20),
  col('乡镇(街道)'),
  col('年度', 8),
  col('服务(次)', 10),
  col('应得(元)'),
  col('补贴(元)'),
  col('达到年度上限', 12),
  col('资金来源', 24),
];
const subsidyRow = (s: NeighbourSubsidyRow) => [
  s.neighbourId,
  s.township,
  s.year,
  s.visits,
  yuan(s.earnedFen),
  yuan(s.subsidyFen),
  s.capped ? '是' : '否',
  s.paidFrom,
];

export function sendNeighbourSubsidiesCsv(res: Response, rows: readonly NeighbourSubsidyRow[], filename: string): void {
  sendCsv(
    res,
    SUBSIDY_COLUMNS.map((c) => c.header),
    rows.map((r) => subsidyRow(r).map((v) => spreadsheetSafe(v))),
    filename,
  );
}

export async function sendNeighbourSubsidiesXlsx(
  res: Response,
  rows: readonly NeighbourSubsidyRow[],
  filename: string,
): Promise<void> {
  await sendWorkbook(
    res,
    workbookOf([{ name: '邻里互助补贴', columns: SUBSIDY_COLUMNS, rows: rows.map(subsidyRow) }]),
    filename,
  );
}
