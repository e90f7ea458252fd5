// The month's table as the screen shows it and the export writes it (Chinese headers): one definition, so
// that the downloaded .xlsx is the table on the screen.
import type { MonthRow } from './contract.ts';
import { INELIGIBLE_LABELS } from './score.ts';

export interface MonthColumn {
  header: string;
  value: (r: MonthRow) => string | number;
}

export const MONTH_COLUMNS: MonthColumn[] = [
  { header: '排名', value: (r) => r.rank ?? '' },
  { header: '网格员', value: (r) => r.worker },
  { header: '中队', value: (r) => r.squadId },
  { header: '网格等级', value: (r) => r.gridClass },
  { header: '现场考核', value: (r) => r.onSite },
  { header: '线上考核', value: (r) => r.online ?? '' },
  { header: '加分', value: (r) => r.bonus },
  { header: '综合得分', value: (r) => r.total },
  { header: '月度优秀', value: (r) => (r.awarded ? '是' : '') },
  { header: '不符合条件', value: (r) => r.ineligible.map((x) => INELIGIBLE_LABELS[x]).join('、') },
];
