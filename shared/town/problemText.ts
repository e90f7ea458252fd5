// An import's problems in Chinese (issue 17): the server says each in English, with the feature's own words
// (its code, a column's name, a value) inside; the screen shows them in the page's language. Each English
// message has its Chinese beside it here, `{x}` standing for what is the feature's own; a message not
// listed shows in English rather than not at all.

const MESSAGES: readonly (readonly [en: string, zh: string])[] = [
  // Shapes (every layer).
  ['its shape is not valid ({reason}) and nothing of it is left when repaired', '图形无效（{reason}），修复后不剩任何部分'],
  [
    'its shape is not valid ({reason}): it is taken as repaired by ST_MakeValid, shown on the map',
    '图形无效（{reason}）：按 ST_MakeValid 修复后的图形导入，见地图',
  ],
  [
    'its {type} has a ring of fewer than four positions, one that does not close, or a coordinate that is not a number',
    '其 {type} 有少于四个点的环、未闭合的环或非数字坐标',
  ],
  ['its {type} is malformed (positions of two or three numbers, two positions or more a line)', '其 {type} 格式错误（每点两到三个数，每条线至少两点）'],
  ['its {type} is malformed (positions of two or three numbers)', '其 {type} 格式错误（每点两到三个数）'],
  ['it is a {type}, not an area', '它是 {type}，不是面'],
  ['it is a {type}, not a line', '它是 {type}，不是线'],
  ['no town is loaded yet: bring in its package first (/admin)', '尚未导入镇街：请先导入镇街数据包（/admin）'],
  ['it lies outside the town', '位于本镇之外'],
  ['{share}% of it lies outside the town', '有 {share}% 位于本镇之外'],
  ['it overlaps {kept} of the town, which the file does not hold, by {m2} m²', '与文件未包含的本镇 {kept} 重叠 {m2} 平方米'],
  ['it overlaps feature {n} ({label}) by {m2} m²', '与第 {n} 个要素（{label}）重叠 {m2} 平方米'],
  // Codes and names.
  ['its code ({column}) "{code}" is not 14 digits: the village’s 12 and the grid’s 2', '编码（{column}）“{code}”不是14位：村居12位加网格2位'],
  [
    'its code ({column}) "{code}" is not 12 digits (统计用区划代码: the town’s 9 and the committee’s 3)',
    '编码（{column}）“{code}”不是12位（统计用区划代码：镇街9位加村居3位）',
  ],
  ['its code ({column}) "{code}" is not 2 digits (01, 02…: the order of the rotating chair, R5)', '编码（{column}）“{code}”不是2位（01、02……：轮值顺序，R5）'],
  [
    'its code ({column}) "{code}" is not 2–32 characters of a–z, 0–9 and _ beginning with a letter',
    '编码（{column}）“{code}”须为2至32个小写字母、数字或下划线，以字母开头',
  ],
  ['its code {code} is also that of feature {n}', '编码 {code} 与第 {n} 个要素重复'],
  ['its code {code} is also that of row {n}', '编码 {code} 与第 {n} 行重复'],
  ['its address {address} is also that of row {n}', '地址 {address} 与第 {n} 行重复'],
  ['it has no name ({column})', '没有名称（{column}）'],
  ['it has no address ({column})', '没有地址（{column}）'],
  ['it has no squad ({column})', '没有所属中队（{column}）'],
  ['its class ({column}) "{value}" is not 一级, 二级 or 三级', '等级（{column}）“{value}”不是一级、二级或三级'],
  [
    'its class ({column}) "{value}" is not 主干道 (main), 中心街道 (central) or 村内道路/其他 (other)',
    '道路等级（{column}）“{value}”不是主干道、中心街道或村内道路/其他',
  ],
  ['its code does not begin with the town’s code {code}', '编码不以本镇代码 {code} 开头'],
  ['its code does not begin with the code of {village} ({code}), where it lies', '编码不以所在村居 {village}（{code}）的编码开头'],
  ['its code belonged to a grid removed on {day}: a new grid takes a new code', '该编码属于 {day} 撤销的网格：新网格须用新编码'],
  // Grids.
  ['it lies in no village or community of the town', '不在本镇任何村居内'],
  ['{share}% of it lies outside its village {village}', '有 {share}% 位于所属村居 {village} 之外'],
  ['it overlaps the town’s grid {kept}, which the file does not hold, by {m2} m²', '与文件未包含的本镇网格 {kept} 重叠 {m2} 平方米'],
  ['{m2} m² of {village} would lie in no grid', '{village} 将有 {m2} 平方米不属于任何网格'],
  ['it is removed and its worker {worker} is left without a grid (R4)', '该网格被撤销，网格员 {worker} 将没有网格（R4）'],
  ['it is new and has no worker yet: assign one (R4)', '新网格尚无网格员：请指派（R4）'],
  ['{n} households of the grids redrawn or removed would lie in no grid (such as {first})', '重划或撤销的网格中有 {n} 户将不属于任何网格（如 {first}）'],
  ['{n} household of the grids redrawn or removed would lie in no grid (such as {first})', '重划或撤销的网格中有 {n} 户将不属于任何网格（如 {first}）'],
  [
    '{n} key targets of the grids redrawn or removed would lie in no grid (such as {first})',
    '重划或撤销的网格中有 {n} 个重点目标将不属于任何网格（如 {first}）',
  ],
  [
    '{n} key target of the grids redrawn or removed would lie in no grid (such as {first})',
    '重划或撤销的网格中有 {n} 个重点目标将不属于任何网格（如 {first}）',
  ],
  ['it lies in no grid of the town', '不在本镇任何网格内'],
  // Villages and squads.
  ['its kind ({column}) "{value}" is neither 村 nor 社区/居', '类型（{column}）“{value}”既不是村也不是社区/居'],
  ['its kind cannot be told from its code (001–199 居, 200–399 村): say it (kindField)', '无法从编码判断类型（001–199 为居，200–399 为村）：请指定类型列'],
  ['its squad ({column}) "{value}" is not a squad’s code or name', '所属中队（{column}）“{value}”不是任何中队的编码或名称'],
  ['it lies in no squad: say its squad ({column})', '不在任何中队范围内：请指定所属中队（{column}）'],
  [
    'it is not in the file but {n} grids lie in it: bring it in too, or say the file holds part of the villages',
    '文件中没有该村居，但其中有 {n} 个网格：请一并导入，或说明文件只含部分村居',
  ],
  ['{share}% of this grid would lie outside its village {village}', '该网格将有 {share}% 位于所属村居 {village} 之外'],
  ['this village lies in no squad of the file', '该村居不在文件中的任何中队范围内'],
  [
    'it is not in the file and would be left with no village: it is kept, with its staff, until they move',
    '文件中没有该中队，它将没有村居：中队及其人员保留，待调整',
  ],
  // Roads.
  ['it crosses no grid: patrols must cover it, and nobody would (R13)', '不经过任何网格：该道路须巡查，却无人负责（R13）'],
  ['it is the same road as feature {n}', '与第 {n} 个要素是同一条道路'],
  // Households and people.
  ['a household is a point with a longitude and a latitude', '住户须为带经纬度的点'],
  ['its size ({column}) "{value}" is not a number of people from 1 to 99', '人口数（{column}）“{value}”不是1至99的人数'],
  ['{n} households of the town are not in the file: they are kept as they are', '本镇有 {n} 户不在文件中：保持不变'],
  ['it names no household ({column})', '未写明所属住户（{column}）'],
  [
    'its ID number {id}… is not a valid 18-digit number: kept as written, to be checked on the spot',
    '身份证号 {id}… 不是有效的18位号码：按原样保留，待实地核实',
  ],
  ['its ID number is also that of row {n}', '身份证号与第 {n} 行重复'],
  ['its gender ({column}) "{value}" is not 男 or 女', '性别（{column}）“{value}”不是男或女'],
  ['its gender {gender} is not the one its ID number gives ({card})', '性别 {gender} 与身份证号所示（{card}）不符'],
  ['its birth ({column}) "{value}" is not a year or a date', '出生（{column}）“{value}”不是年份或日期'],
  ['its household {household} is neither the code nor the address of a household of the town', '所属住户 {household} 既不是本镇住户的编码也不是地址'],
  // Key targets.
  ['a key target is a point or a polygon', '重点目标须为点或面'],
  ['its kind ({column}) "{value}" is not one of {kinds}', '类型（{column}）“{value}”不是{kinds}之一'],
  ['its pass radius ({column}) "{value}" is not a number of metres from 1 to 500', '巡查半径（{column}）“{value}”不是1至500米'],
  ['its passes a day ({column}) "{value}" is not a whole number from 1 to {max}', '每日巡查次数（{column}）“{value}”不是1至{max}的整数'],
  ['a {kind} of that name at that place is also row {n}', '同名同址的{kind}与第 {n} 行重复'],
  // Workers and departments.
  ['its phone ({column}) "{value}" is not a phone number', '电话（{column}）“{value}”不是电话号码'],
  ['its phone {phone} is also that of row {n}: one phone, one worker', '电话 {phone} 与第 {n} 行重复：一人一个号码'],
  ['its grid ({column}) "{value}" is not a 14-digit grid code', '网格（{column}）“{value}”不是14位网格编码'],
  ['its grid {grid} is also that of row {n}: one worker a grid (R4)', '网格 {grid} 与第 {n} 行重复：一格一员（R4）'],
  ['its hiring day ({column}) "{value}" is not a day up to today', '入职日期（{column}）“{value}”不是今天或以前的日期'],
  ['its grid {grid} is not a grid of the town', '网格 {grid} 不是本镇的网格'],
  [
    'its grid {grid} is not of its squad "{squad}": a worker patrols a grid of their squad (R3, R4)',
    '网格 {grid} 不属于其中队“{squad}”：网格员只负责本中队的网格（R3、R4）',
  ],
  [
    'it holds grid {grid} of its old squad: give it a grid of its new squad, or hand that grid over first (R3, R4)',
    '其负责原中队的网格 {grid}：请给其新中队的网格，或先移交该网格（R3、R4）',
  ],
  ['it is on leave: only an active worker takes a grid (R4)', '该网格员正在休假：只有在岗网格员可以负责网格（R4）'],
  ['it is gone: only an active worker takes a grid (R4)', '该网格员已离职：只有在岗网格员可以负责网格（R4）'],
  ['grid {grid} passes from {worker} to this worker from today (R4)', '网格 {grid} 自今日起由 {worker} 交给该网格员（R4）'],
  ['its headcount ({column}) "{value}" is not a whole number from 0 to 1000', '人数（{column}）“{value}”不是0至1000的整数'],
  ['its contact’s phone ({column}) "{value}" is not a phone number', '联系人电话（{column}）“{value}”不是电话号码'],
  // The count of problems beyond those listed.
  ['and {n} more errors like these', '另有 {n} 个类似错误'],
  ['and {n} more warnings like these', '另有 {n} 个类似警告'],
];

const literal = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** Each English message as a pattern, what is the feature's own captured by name. */
const PATTERNS = MESSAGES.map(([en, zh]) => ({
  pattern: new RegExp(`^${literal(en).replace(/\{(\w+)\}/g, '(?<$1>.*?)')}$`, 's'),
  zh,
}));

/** The problem's message in Chinese; in English when it is not one of those listed. */
export function problemInChinese(message: string): string {
  for (const { pattern, zh } of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return zh.replace(/\{(\w+)\}/g, (_, k: string) => m.groups?.[k] ?? '');
  }
  return message;
}

/** The English and Chinese of every message listed, for the tests: each placeholder of the one in the other. */
export const PROBLEM_MESSAGES = MESSAGES;
