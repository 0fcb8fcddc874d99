/**
 * The strings of funding (资金来源 and the allocation ledger, the county's) and of the 低保 top-up consents (the
 * township's, Changji), merged into the console's dictionary as `m.funding`. The Chinese one is the reference; the
 * English one has its type, so a key missing in either does not compile.
 */
const fundingZh = {
  title: '资金来源',
  hint: '本县(市、区)本年度各项资金来源的预算、已拨付（县级审批结算单时按政策包规定的顺序分配，逐笔记入资金台账）和余额，以及政府购买社会救助服务资金的上限。',
  year: '预算年度',
  demo: '演示数据：预算金额为示范值，不是实际预算',
  source: '资金来源',
  budget: '预算',
  allocated: '已拨付',
  remaining: '余额',
  familyMoney: '家庭低保金增发部分（无县级预算）',
  countsTowardCap: '计入上限',
  cap: '政府购买服务资金上限',
  capLine: (share: string, cap: string, used: string, left: string) =>
    `上限 ${cap}（社会救助资金总额的 ${share}），已使用 ${used}，剩余 ${left}`,
  balanced: '资金台账与已审批结算单逐行核对一致',
  unbalanced: '资金台账与已审批结算单不一致，请联系系统管理员',
  ledger: '资金台账',
  ledgerHint: '每一分钱从资金来源到结算单、结算行和服务记录；冲回为负数。',
  entryKindTitle: '记账类型',
  entryKind: { allocation: '拨付', reversal: '冲回' } as Record<string, string>,
  statement: '结算单',
  visit: '服务记录',
  serviceDate: '服务日期',
  amount: '金额',
  exportCsv: '导出 CSV',
  exportXlsx: '导出 Excel',
  fileName: (county: string, year: number) => `资金台账-${county}-${year}`,
  none: '本年度尚无已审批的结算单',
  /** A county approval the service refused (shown on the statement until the next attempt). */
  refusal: {
    capTitle: '审批未通过：本结算单将超出政府购买社会救助服务资金上限',
    capFigures: (cap: string, used: string, thisStatement: string, overBy: string) =>
      `上限 ${cap}，本年度已使用 ${used}，本结算单 ${thisStatement}，超出 ${overBy}`,
    title: '审批未通过',
    code: '错误代码',
  },
  topUps: {
    title: '低保金增发部分使用同意',
    hint: '经低保家庭同意，其低保金超出当地低保标准的部分可用于购买服务。登记后，县级审批结算单时，该家庭在同意有效期内的服务优先从这部分资金支付（每月不超过登记金额）。',
    caseNumber: '案件编号',
    township: '乡镇(街道)代码',
    monthly: '每月可用金额（元）',
    from: '同意日期',
    until: '撤回日期',
    record: '登记同意',
    withdraw: '撤回',
    withdrawAsk: '按所选日期撤回该家庭的同意？',
    recorded: '已登记',
    withdrawn: '已撤回',
    inForce: '有效',
    none: '尚无登记',
  },
};

export type FundingMessages = typeof fundingZh;

const fundingEn: FundingMessages = {
  title: 'Funding sources',
  hint: "The county's funding sources this year: budget, allocated (when the county approves a statement, in the pack's order, each entry in the ledger) and remaining, and the cap on purchased assistance services.",
  year: 'Budget year',
  demo: 'Demo data: the budgets are sample values, not a real budget',
  source: 'Source',
  budget: 'Budget',
  allocated: 'Allocated',
  remaining: 'Remaining',
  familyMoney: "Families' 低保 top-up (no county budget)",
  countsTowardCap: 'Counts toward the cap',
  cap: 'Cap on purchased services',
  capLine: (share, cap, used, left) => `Cap ${cap} (${share} of the pooled funds), used ${used}, left ${left}`,
  balanced: 'The ledger reconciles with the approved statements, line by line',
  unbalanced: 'The ledger does not reconcile with the approved statements: tell the administrator',
  ledger: 'Allocation ledger',
  ledgerHint: 'Every fen from its source to the statement, line and visit; reversals are negative.',
  entryKindTitle: 'Entry',
  entryKind: { allocation: 'Allocation', reversal: 'Reversal' },
  statement: 'Statement',
  visit: 'Visit',
  serviceDate: 'Service date',
  amount: 'Amount',
  exportCsv: 'Export CSV',
  exportXlsx: 'Export Excel',
  fileName: (county, year) => `ledger-${county}-${year}`,
  none: 'No statement approved this year yet',
  refusal: {
    capTitle: 'Not approved: this statement would pass the cap on purchased assistance services',
    capFigures: (cap, used, thisStatement, overBy) =>
      `Cap ${cap}, used this year ${used}, this statement ${thisStatement}, over by ${overBy}`,
    title: 'Not approved',
    code: 'Error code',
  },
  topUps: {
    title: '低保 top-up consents',
    hint: "With a 低保 family's consent, the part of its allowance above the local standard may pay for its services. Once recorded, the family's services while the consent holds draw it first (up to the monthly amount) when the county approves a statement.",
    caseNumber: 'Case number',
    township: 'Township code',
    monthly: 'Monthly amount (yuan)',
    from: 'Consent from',
    until: 'Withdrawn from',
    record: 'Record consent',
    withdraw: 'Withdraw',
    withdrawAsk: "Withdraw the family's consent from the chosen day?",
    recorded: 'Recorded',
    withdrawn: 'Withdrawn',
    inForce: 'In force',
    none: 'None recorded',
  },
};

export const fundingMessages = { 'zh-CN': fundingZh, en: fundingEn };
