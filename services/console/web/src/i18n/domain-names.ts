import type { Locale } from './messages';

/**
 * Names of the platform's fixed codes (channels, states, kinds …) per locale. Codes that come from a region's
 * policy pack (places, items, groups, departments, providers) are named by `/console/directory` instead.
 */
const zh = {
  channel: {
    window: '窗口受理',
    online: '网上申请',
    proactive: '主动发现',
    chatbot: '智能客服',
    ivr: '热线语音',
    hotline: '热线电话',
    open311: '外部系统',
  } as Record<string, string>,
  caseStatus: {
    open: '待指派调查',
    investigating: '入户调查中',
    investigated: '待乡镇审核',
    awaiting_county: '待县级审批',
    decided: '已审核',
  } as Record<string, string>,
  requestStatus: { registered: '办理中', decided: '已审核' } as Record<string, string>,
  progressStage: {
    registered: '待入户调查',
    investigating: '入户调查中',
    investigated: '待审核',
    rejected: '未获批准',
    approved: '已批准',
    referred: '已转介',
    scheduled: '已安排服务',
    in_service: '服务中',
    completed: '服务完成',
    stopped: '已停止',
  } as Record<string, string>,
  referralStatus: {
    awaiting_consent: '待补录同意',
    awaiting_provider: '待指定服务单位',
    awaiting_list: '待移交慈善名单',
    requested: '已派单',
    received: '已签收',
    accepted: '已接单',
    rejected: '已拒收',
    in_progress: '服务中',
    completed: '已完成',
    cancelled: '已取消',
    failed: '未能服务',
  } as Record<string, string>,
  /** Who receives a referral (referral's route: a provider, a department, or a receiver the pack names). */
  receiverKind: {
    provider: '签约服务机构',
    department: '部门',
    institution: '供养机构',
    party_branch: '基层党组织',
    village_team: '“红马夹”帮扶队',
    neighbours: '邻里互助队',
    charity: '慈善组织',
  } as Record<string, string>,
  complaintStatus: {
    received: '已受理',
    acknowledged: '已确认',
    assigned: '已交办',
    investigating: '调查处理中',
    resolved: '已办结',
    closed: '已关闭',
    reopened: '重新办理',
  } as Record<string, string>,
  complaintType: {
    service_quality: '服务质量',
    staff_conduct: '工作人员作风',
    money: '资金问题',
    eligibility_decision: '资格认定',
    other: '其他',
  } as Record<string, string>,
  complaintKind: { complaint: '投诉', consultation: '咨询' } as Record<string, string>,
  /** What an applicant said of their assistance status. */
  declaredStatus: { declared: '已申报', none: '无救助身份', not_sure: '不清楚' } as Record<string, string>,
  attachmentKind: {
    id_card: '身份证',
    household_register: '户口本',
    illness_certificate: '疾病证明',
    disability_certificate: '残疾证',
    status_proof: '救助对象证明',
    guardianship_proof: '监护关系证明',
    evidence_photo: '入户调查照片',
    voice_note: '语音描述',
  } as Record<string, string>,
  degree: { mild: '轻度', moderate: '中度', severe: '重度' } as Record<string, string>,
  needKind: { common: '共性需求', individual: '个性需求' } as Record<string, string>,
  carer: { present: '有人照料', absent: '无人照料', suddenly_absent: '因突发原因短时间无人照料' } as Record<
    string,
    string
  >,
  careIllness: { psychiatric: '精神病', infectious: '传染病' } as Record<string, string>,
  barthelBand: {
    independent: '生活自理',
    mild: '轻度依赖',
    moderate: '中度依赖',
    severe: '重度依赖',
  } as Record<string, string>,
  barthelItem: {
    feeding: '进食',
    bathing: '洗澡',
    grooming: '修饰',
    dressing: '穿衣',
    bowels: '控制大便',
    bladder: '控制小便',
    toiletUse: '如厕',
    transfers: '床椅转移',
    mobility: '平地行走',
    stairs: '上下楼梯',
  } as Record<string, string>,
  level: { township: '乡镇(街道)', county: '县级', provider: '服务机构' } as Record<string, string>,
  /** Catalogue categories of the packs (Chizhou's four, Changji's three). */
  itemCategory: {
    daily_living_care: '生活照料',
    health_care: '健康护理',
    cleaning: '清洁服务',
    capability_building: '能力提升',
    care: '照护服务',
    living: '生活服务',
    caring: '关爱服务',
  } as Record<string, string>,
  difficultyTypes: ['生活不能自理', '无人照料', '患病', '残疾', '住房困难', '子女教育', '就业困难', '心理困扰'],
};

type DomainNames = typeof zh;

const en: DomainNames = {
  channel: {
    window: 'Window',
    online: 'Online',
    proactive: 'Proactive discovery',
    chatbot: 'Chat bot',
    ivr: 'Hotline IVR',
    hotline: 'Hotline',
    open311: 'Open311',
  },
  caseStatus: {
    open: 'Team to assign',
    investigating: 'Investigating',
    investigated: 'Township review due',
    awaiting_county: 'County approval due',
    decided: 'Decided',
  },
  requestStatus: { registered: 'Open', decided: 'Decided' },
  progressStage: {
    registered: 'Investigation to assign',
    investigating: 'Investigating',
    investigated: 'Decision due',
    rejected: 'Refused',
    approved: 'Approved',
    referred: 'Referred',
    scheduled: 'Scheduled',
    in_service: 'In service',
    completed: 'Completed',
    stopped: 'Stopped',
  },
  referralStatus: {
    awaiting_consent: 'Awaiting consent',
    awaiting_provider: 'Receiver to pick',
    awaiting_list: 'On the charity list, to hand over',
    requested: 'Requested',
    received: 'Received',
    accepted: 'Accepted',
    rejected: 'Rejected',
    in_progress: 'In progress',
    completed: 'Completed',
    cancelled: 'Cancelled',
    failed: 'Failed',
  },
  receiverKind: {
    provider: 'Contracted provider',
    department: 'Department',
    institution: 'Care institution',
    party_branch: 'Party branch',
    village_team: 'Red-vest team',
    neighbours: 'Neighbour help',
    charity: 'Charity',
  },
  complaintStatus: {
    received: 'Received',
    acknowledged: 'Acknowledged',
    assigned: 'Assigned',
    investigating: 'Investigating',
    resolved: 'Resolved',
    closed: 'Closed',
    reopened: 'Reopened',
  },
  complaintType: {
    service_quality: 'Service quality',
    staff_conduct: 'Staff conduct',
    money: 'Money',
    eligibility_decision: 'Eligibility decision',
    other: 'Other',
  },
  complaintKind: { complaint: 'Complaint', consultation: 'Consultation' },
  declaredStatus: { declared: 'Declared', none: 'None', not_sure: 'Not sure' },
  attachmentKind: {
    id_card: 'ID card',
    household_register: 'Household register',
    illness_certificate: 'Illness certificate',
    disability_certificate: 'Disability certificate',
    status_proof: 'Assistance status proof',
    guardianship_proof: 'Guardianship proof',
    evidence_photo: 'Investigation photo',
    voice_note: 'Voice note',
  },
  degree: { mild: 'Mild', moderate: 'Moderate', severe: 'Severe' },
  needKind: { common: 'Common', individual: 'Individual' },
  carer: {
    present: 'Someone looks after them',
    absent: 'Nobody looks after them',
    suddenly_absent: 'Suddenly without care (short term)',
  },
  careIllness: { psychiatric: 'Psychiatric illness', infectious: 'Infectious disease' },
  barthelBand: {
    independent: 'Independent',
    mild: 'Mild dependency',
    moderate: 'Moderate dependency',
    severe: 'Severe dependency',
  },
  barthelItem: {
    feeding: 'Feeding',
    bathing: 'Bathing',
    grooming: 'Grooming',
    dressing: 'Dressing',
    bowels: 'Bowels',
    bladder: 'Bladder',
    toiletUse: 'Toilet use',
    transfers: 'Transfers (bed to chair)',
    mobility: 'Mobility on level surfaces',
    stairs: 'Stairs',
  },
  level: { township: 'Township', county: 'County', provider: 'Provider' },
  itemCategory: {
    daily_living_care: 'Daily-living care',
    health_care: 'Health care',
    cleaning: 'Cleaning',
    capability_building: 'Capability building',
    care: 'Care',
    living: 'Living',
    caring: 'Caring',
  },
  // Difficulty types are recorded as the team words them; the suggestions stay in Chinese, the record's language.
  difficultyTypes: zh.difficultyTypes,
};

export const domainNames: Record<Locale, DomainNames> = { 'zh-CN': zh, en };
export type { DomainNames };

/** A fixed code's name, or the code itself marked as unknown (never silently blank). */
export function nameOf(table: Record<string, string>, code: string | undefined): string {
  if (!code) return '';
  return table[code] ?? code;
}
