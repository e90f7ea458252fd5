// Xigang's brigade as the source document sets it up: its member departments (R6) and sections (R2).
// Data of one town, not rules: the demo seeds them and the incident classes name the departments by code.

/** Member departments that incidents are dispatched to, with their seconded headcount (R6). */
export const DEPARTMENTS = [
  { code: 'police', name: '派出所', headcount: 2 },
  { code: 'urban', name: '城管', headcount: 2 },
  { code: 'power', name: '供电所', headcount: 2 },
  { code: 'market', name: '市场监管', headcount: 1 },
  { code: 'school', name: '西岗学区', headcount: 1 },
  { code: 'emergency', name: '应急办', headcount: 1 },
  { code: 'environment', name: '环保', headcount: 1 },
  { code: 'sanitation', name: '环卫', headcount: 1 },
  { code: 'water', name: '水利', headcount: 1 },
  { code: 'gas_heating', name: '燃热办', headcount: 1 },
  { code: 'health', name: '卫健', headcount: 1 },
] as const;

/** 三组一队: the brigade's sections with their post counts beside the lead (R2). */
export const SECTIONS = [
  { code: 'general', name: '综合组', posts: 3, duty: '财务人事、行政文秘、后勤保障' },
  { code: 'management', name: '管理组', posts: 2, duty: '网格队伍管理、巡查调度' },
  { code: 'information', name: '信息组', posts: 2, duty: '平台运行、数据统计' },
  { code: 'inspection', name: '督察队', posts: 2, duty: '督导检查网格员、重大事件复核' },
] as const;
