import { toCsv, type CsvColumn } from '@cadre/platform';
import type { TaskSummaryView } from '@cadre/contracts';

const STATUS: Record<string, string> = {
  draft: '草稿',
  open: '揭榜中',
  evaluating: '评标中',
  in_progress: '攻坚中',
  reviewing: '评审中',
  concluded: '已完成',
  withdrawn: '已撤回',
  unclaimed: '无人揭榜',
};
const DOMAIN: Record<string, string> = { ftp: '自贸港建设', institution: '体制机制创新', legacy: '历史遗留问题化解', livelihood: '民生保障', industry: '产业发展' };
const FLAG: Record<string, string> = { urgent: '急', hard: '难', risky: '险', heavy: '重' };
const VERDICT: Record<string, string> = { excellent: '优秀', pass: '合格', tolerated: '容错', fail: '不合格' };

const COLUMNS: CsvColumn<TaskSummaryView>[] = [
  ['编号', (t) => t.id],
  ['任务', (t) => t.title],
  ['领域', (t) => DOMAIN[t.domain] ?? t.domain],
  ['急难险重', (t) => t.flags.map((f) => FLAG[f] ?? f).join('')],
  ['状态', (t) => STATUS[t.status] ?? t.status],
  ['奖励积分', (t) => t.rewardPoints],
  ['赛马', (t) => (t.allowRace ? '是' : '否')],
  ['揭榜截止', (t) => t.biddingDeadline],
  ['交付期限', (t) => t.deliveryDeadline],
  ['揭榜团队数', (t) => t.bidCount],
  ['评审结论', (t) => (t.verdict ? VERDICT[t.verdict] : '')],
];

export function tasksCsv(rows: TaskSummaryView[]): string {
  return toCsv(COLUMNS, rows);
}
