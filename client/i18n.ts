import { useSyncExternalStore } from 'react';

// Simplified Chinese first; English for visitors and developers. Keys are the Chinese text's meaning.
const zh = {
  title: '西岗镇网格巡查指挥中心',
  login: '登录',
  logout: '退出',
  username: '用户名',
  password: '密码',
  loginFailed: '用户名或密码错误',
  loading: '加载中…',
  grids: '网格',
  squads: '中队',
  villages: '村居',
  roads: '道路',
  mainRoad: '主干道',
  centralStreet: '中心街道',
  lane: '村内道路',
  water: '水系',
  legend: '图例',
  wall: '指挥大屏',
  dispatch: '调度台',
  leader: '领导视图',
  field: '网格员',
  notYet: '本视图将在后续版本提供',
  gridClass: '网格等级',
  class1: '一级网格',
  class2: '二级网格',
  class3: '三级网格',
  workers: '网格员',
  keyTargets: '重点目标',
  loadFailed: '数据加载失败',
  langSwitch: 'English',
  onPatrol: '在岗巡查',
  targetsComplete: '重点目标双巡完成',
  complete: '已双巡',
  partial: '仅一巡',
  missed: '未巡',
  roadDouble: '主干道双巡覆盖',
  householdVisits: '本月入户走访',
  qualifiedToday: '今日达标网格员',
  focusOverdue: '重点人员走访逾期',
  squadRanking: '中队双巡排名',
  layers: '图层',
  heat: '巡查热力',
  blindSpots: '7日盲区',
  trails: '实时轨迹',
  roadCells: '主干道路段',
  targetsShort: '目标',
  roadShort: '道路',
  connecting: '连接中',
  live: '实时',
  reconnecting: '重新连接中…',
};
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  title: 'Xigang Grid Patrol Command Center',
  login: 'Log in',
  logout: 'Log out',
  username: 'Username',
  password: 'Password',
  loginFailed: 'Wrong username or password',
  loading: 'Loading…',
  grids: 'Grids',
  squads: 'Squads',
  villages: 'Villages',
  roads: 'Roads',
  mainRoad: 'Main road',
  centralStreet: 'Central street',
  lane: 'Village lane',
  water: 'Water',
  legend: 'Legend',
  wall: 'Wall',
  dispatch: 'Dispatch',
  leader: 'Leader view',
  field: 'Field',
  notYet: 'This view comes in a later release',
  gridClass: 'Grid class',
  class1: 'Class 1 grid',
  class2: 'Class 2 grid',
  class3: 'Class 3 grid',
  workers: 'Grid workers',
  keyTargets: 'Key targets',
  loadFailed: 'Could not load data',
  langSwitch: '中文',
  onPatrol: 'On patrol',
  targetsComplete: 'Key targets patrolled twice',
  complete: 'Twice or more',
  partial: 'Once',
  missed: 'Not yet',
  roadDouble: 'Main roads patrolled twice',
  householdVisits: 'Households visited this month',
  qualifiedToday: 'Workers qualified today',
  focusOverdue: 'Overdue visits to persons of interest',
  squadRanking: 'Squads by twice-patrolled targets',
  layers: 'Layers',
  heat: 'Patrol heat',
  blindSpots: 'Blind spots (7 days)',
  trails: 'Live trails',
  roadCells: 'Main-road cells',
  targetsShort: 'Targets',
  roadShort: 'Roads',
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

export type Lang = 'zh' | 'en';
const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };
const listeners = new Set<() => void>();
let lang: Lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem('lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((l) => l());
}

/** The current language's translate function; re-renders when the language changes. */
export function useT() {
  const current = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => lang,
  );
  const t = (key: Key) => dictionaries[current][key];
  return { t, lang: current, toggle: () => setLang(current === 'zh' ? 'en' : 'zh') };
}
