import archiver from 'archiver';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Response } from 'express';
import { AppError } from '@carelink/http';
import type { PolicyPack } from '@carelink/policy';
import type { FileView } from '../../domain/person-file/person-file';

/** The font a file's PDF embeds (a CJK face: the file is in Chinese). */
export interface FileFont {
  path: string;
  /** PostScript name of the face inside a collection (.ttc). */
  face: string;
}

/** Refuses an export, 503 `font_missing`, when the CJK font is not installed (the PDF would show no Chinese). */
export function assertFontInstalled(font: FileFont): void {
  if (!existsSync(font.path))
    throw new AppError(
      'font_missing',
      503,
      `the Chinese font for file PDFs is not installed at ${font.path} (Debian: apt-get install fonts-noto-cjk; or set PERSON_FILE_FONT)`,
      { messageZh: '服务器未安装档案PDF所需的中文字体，请联系管理员', retryAfterSeconds: 3600 },
    );
}

/** An attachment fetched from intake for the zip, or why it could not be. */
export interface FetchedAttachment {
  attachmentId: string;
  kind: string;
  caseNumber: string;
  bytes?: Buffer;
  contentType?: string;
  problem?: string;
}

export const kindNames: Record<string, string> = {
  id_card: '身份证',
  household_register: '户口本',
  illness_certificate: '疾病证明',
  disability_certificate: '残疾证',
  status_proof: '社会救助对象相关证明',
  guardianship_proof: '监护关系证明',
  evidence_photo: '入户调查照片',
  voice_note: '语音描述',
};

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
};

/** The name of an attachment inside the zip: 附件/<case number>-<kind>-<id>.<ext>. */
export function attachmentEntryName(a: FetchedAttachment): string {
  const ext = EXTENSIONS[(a.contentType ?? '').split(';')[0]!.trim()] ?? 'bin';
  return `附件/${a.caseNumber}-${kindNames[a.kind] ?? a.kind}-${a.attachmentId}.${ext}`;
}

/** The ideographic space that separates the fields of a line of the file. */
const GAP = '\u3000';

const degreeNames: Record<string, string> = { mild: '轻度', moderate: '中度', severe: '重度' };
const referralStatusNames: Record<string, string> = {
  requested: '已转介',
  accepted: '已接收',
  rejected: '已拒绝',
  in_progress: '服务中',
  completed: '已完成',
  cancelled: '已取消',
};
const planStatusNames: Record<string, string> = {
  proposed: '待审批',
  approved: '已批准',
  returned: '已退回',
  superseded: '已被新版本取代',
  stopped: '已停止',
};
const visitStatusNames: Record<string, string> = {
  scheduled: '已排班',
  cancelled: '已取消',
  checked_in: '已签到',
  checked_out: '已签退',
  delivered: '已完成',
};
const verificationNames: Record<string, string> = {
  pending: '待确认',
  verified: '已核实',
  disputed: '有异议',
  unverified: '未核实',
};
const occasionNames: Record<string, string> = { review: '定期回访', plan_ended: '服务方案结束' };
const goalNames: Record<string, string> = { met: '已达成', partly_met: '部分达成', not_met: '未达成' };
const selfCareNames: Record<string, string> = { improved: '改善', unchanged: '无变化', declined: '下降' };
const recommendationNames: Record<string, string> = { continue: '继续服务', adjust: '调整服务', stop: '停止服务' };

/** China time, to the minute. */
const chinaTime = (iso: string | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—';

/** The place and item names the pack gives, for a clerk to read. */
function namesOf(pack: PolicyPack | undefined) {
  const places = new Map<string, string>();
  for (const county of pack?.jurisdictions ?? []) {
    places.set(county.code, county.name);
    for (const t of county.townships) {
      places.set(t.code, t.name);
      for (const v of t.villages) places.set(v.code, v.name);
    }
  }
  const items = new Map((pack?.catalogue ?? []).map((i) => [i.code, i.name]));
  return {
    place: (code: string) => places.get(code) ?? code,
    item: (code: string) => (items.has(code) ? `${items.get(code)}（${code}）` : code),
  };
}

/**
 * Writes the file as a readable document (档案.pdf): a cover (service number, name, masked ID number, township),
 * then each section. Resolves to the PDF's bytes.
 */
export function filePdf(
  view: FileView,
  pack: PolicyPack | undefined,
  attachments: FetchedAttachment[],
  font: FileFont,
): Promise<Buffer> {
  const names = namesOf(pack);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `一人一档 ${view.serviceNumber}`, Subject: '服务类社会救助档案', Creator: 'carelink' },
  });
  doc.registerFont('cjk', font.path, font.face);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) => {
    doc.moveDown(0.8).fontSize(14).fillColor('#000').text(text).moveDown(0.3).fontSize(10);
  };
  const line = (text: string) => doc.fontSize(10).fillColor('#000').text(text, { paragraphGap: 2 });
  const none = () => doc.fontSize(10).fillColor('#555').text('（无）').fillColor('#000');

  // Cover
  doc.fontSize(22).text('服务类社会救助 · 一人一档', { align: 'center' }).moveDown(1.5);
  doc.fontSize(14);
  doc.text(`服务号：${view.serviceNumber}`);
  doc.text(`姓名：${view.person.name}`);
  doc.text(`身份证号：${view.person.idNumberMasked}`);
  doc.text(`所在地：${names.place(view.county)} ${names.place(view.township)}`);
  doc.text(`建档时间：${chinaTime(view.issuedAt)}`);
  doc.text(`地区政策：${pack?.name.zh ?? view.region}`);
  doc.moveDown();
  doc
    .fontSize(10)
    .text(
      `个案 ${view.cases.length} 件；服务记录 ${view.visitSummary.total} 条（完成 ${view.visitSummary.delivered}，已核实 ${view.visitSummary.verified}，有异议 ${view.visitSummary.disputed}，未核实 ${view.visitSummary.unverified}）；投诉 ${view.complaints.length} 件；效果评估 ${view.evaluations.length} 次。`,
    );

  heading('一、个案');
  if (view.cases.length === 0) none();
  for (const c of view.cases)
    line(`${c.caseNumber}${GAP}受理 ${chinaTime(c.openedAt)}${GAP}申请事项：${c.itemCodes.map(names.item).join('、')}`);

  heading('二、证件材料');
  if (view.documents.length === 0) none();
  for (const d of view.documents) {
    const fetched = attachments.find((a) => a.attachmentId === d.attachmentId);
    const where = fetched?.bytes ? `见 ${attachmentEntryName(fetched)}` : `未能取得（${fetched?.problem ?? '未读取'}）`;
    line(`${d.caseNumber}${GAP}${kindNames[d.kind] ?? d.kind}${GAP}上传 ${chinaTime(d.attachedAt)}${GAP}${where}`);
  }

  heading('三、需求认定表（入户调查）');
  if (view.needsForms.length === 0) none();
  for (const f of view.needsForms) {
    line(`${f.caseNumber}${GAP}调查 ${chinaTime(f.recordedAt)}${GAP}记录人 ${f.recordedBy}`);
    line(
      `${GAP}困难类型：${f.difficulty.types.join('、')}；程度：${degreeNames[f.difficulty.degree] ?? f.difficulty.degree}`,
    );
    if (f.barthel) line(`${GAP}Barthel 指数：${f.barthel.score}`);
    if (f.verifiedConditions.length) line(`${GAP}核实情形：${f.verifiedConditions.join('、')}`);
    for (const n of f.needs)
      line(
        `${GAP}需求（${n.kind === 'common' ? '共性' : '个性'}·${n.category}${n.itemCode ? `·${names.item(n.itemCode)}` : ''}）：${n.description}`,
      );
  }

  heading('四、审核审批（逐项说明）');
  if (view.decisions.length === 0) none();
  for (const d of view.decisions) {
    line(
      `${d.caseNumber}${GAP}决定 ${chinaTime(d.decidedAt)}${GAP}决定人 ${d.decidedBy}${GAP}政策版本 ${d.packVersion}`,
    );
    for (const i of d.items) line(`${GAP}${names.item(i.itemCode)}：${i.approved ? '批准' : '不予批准'}。${i.reason}`);
  }
  for (const s of view.stoppedItems)
    line(`${s.caseNumber}${GAP}${names.item(s.itemCode)} 自 ${s.effectiveFrom} 停止：${s.reason}`);

  heading('五、转介');
  if (view.referrals.length === 0) none();
  for (const r of view.referrals)
    line(
      `${r.caseNumber}${GAP}${names.item(r.itemCode)} → ${r.receiver}${GAP}${referralStatusNames[r.status] ?? r.status}${GAP}${chinaTime(r.createdAt)}${GAP}${r.explanation}${r.reason ? `（${r.reason}）` : ''}`,
    );

  heading('六、服务方案');
  if (view.plans.length === 0) none();
  for (const p of view.plans) {
    line(`${p.caseNumber}${GAP}${names.item(p.itemCode)}${GAP}服务机构 ${p.providerId}`);
    for (const v of p.versions)
      line(
        `${GAP}第 ${v.planVersion} 版（${planStatusNames[v.status] ?? v.status}）${v.startDate} 至 ${v.endDate}，每次 ${v.durationMinutes} 分钟，${v.rrule}；服务内容：${v.tasks.join('、')}${v.reason ? `；原因：${v.reason}` : ''}`,
      );
  }

  heading('七、服务记录');
  if (view.visits.length === 0) none();
  for (const v of view.visits) {
    const where =
      v.distanceMeters !== undefined ? `，距住址 ${v.distanceMeters} 米${v.farFromHome ? '（偏远，待复核）' : ''}` : '';
    line(
      `${v.caseNumber}${GAP}${names.item(v.itemCode)}${GAP}${chinaTime(v.scheduledFor)}${GAP}${visitStatusNames[v.status] ?? v.status}${GAP}签到 ${chinaTime(v.checkedInAt)} 签退 ${chinaTime(v.checkedOutAt ?? v.deliveredAt)}${where}${GAP}核实：${v.verification ? (verificationNames[v.verification] ?? v.verification) : '—'}${v.tasksDone?.length ? `${GAP}完成：${v.tasksDone.join('、')}` : ''}`,
    );
  }

  heading('八、投诉');
  if (view.complaints.length === 0) none();
  for (const c of view.complaints)
    line(
      `${c.caseNumber}${GAP}${c.complaintNumber}${GAP}${chinaTime(c.receivedAt)}${GAP}状态 ${c.status}${GAP}${c.summary}${c.outcome ? `；处理结果：${c.outcome.summary}` : ''}`,
    );

  heading('九、效果评估');
  if (view.evaluations.length === 0) none();
  for (const e of view.evaluations) {
    line(
      `${chinaTime(e.recordedAt)}${GAP}${occasionNames[e.occasion] ?? e.occasion}${GAP}评估人 ${e.recordedBy}${GAP}满意度 ${e.satisfaction}/5${GAP}目标：${goalNames[e.goalsMet] ?? e.goalsMet}${GAP}自理能力：${selfCareNames[e.selfCare] ?? e.selfCare}`,
    );
    if (e.barthelScore !== undefined)
      line(`${GAP}Barthel 指数 ${e.barthelBefore !== undefined ? `${e.barthelBefore} → ` : ''}${e.barthelScore}`);
    line(
      `${GAP}建议：${recommendationNames[e.recommendation] ?? e.recommendation}${e.remarks ? `；备注：${e.remarks}` : ''}`,
    );
  }

  doc.end();
  return done;
}

/** Sends the file as one zip: 档案.pdf and the attachments fetched from intake. */
export async function sendFileZip(
  res: Response,
  serviceNumber: string,
  pdf: Buffer,
  attachments: FetchedAttachment[],
): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  res.status(200);
  res.setHeader('content-type', 'application/zip');
  res.setHeader(
    'content-disposition',
    `attachment; filename="file-${serviceNumber}.zip"; filename*=UTF-8''${encodeURIComponent(`一人一档-${serviceNumber}.zip`)}`,
  );
  const finished = new Promise<void>((resolve, reject) => {
    res.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(res);
  zip.append(pdf, { name: '档案.pdf' });
  for (const a of attachments) if (a.bytes) zip.append(a.bytes, { name: attachmentEntryName(a) });
  await zip.finalize();
  await finished;
}
