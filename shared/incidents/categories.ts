// Incident classes (事件分类): a two-level tree coded after GB/T 30428 practice — 2-digit major class + 2-digit
// minor class, 98 for local items and 99 for "other". Each minor class carries the responsible department
// (R6), when to file and when to close, a time limit counted in natural or working hours, and whether the
// grid worker may resolve it on the spot (R18). This is the seed; an administrator edits the table.
import type { DEPARTMENTS } from '../org/xigang.ts';

export type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];
export type HoursKind = 'natural' | 'working';

export interface CategorySeed {
  code: string;
  name: string;
  department: DepartmentCode | null;
  timeLimitH: number;
  hours: HoursKind;
  onSpot: boolean;
  filing: string;
  closing: string;
}

type Minor = [name: string, department: DepartmentCode | null, timeLimitH: number, hours: HoursKind, onSpot: boolean, filing?: string, closing?: string];

const MAJORS: [code: string, name: string, minors: Minor[]][] = [
  [
    '01',
    '市容环境',
    [
      ['私搭乱建', 'urban', 40, 'working', false, '在公共区域或房前屋后违法搭建建(构)筑物', '违法建筑已拆除或已依法立案查处'],
      ['乱堆乱放', 'urban', 8, 'working', true, '道路、公共场地堆放杂物影响通行或市容', '堆放物已清理'],
      ['暴露垃圾', 'sanitation', 4, 'natural', true, '公共区域暴露垃圾、积存垃圾渣土', '垃圾已清运，现场整洁'],
      ['乱围乱种', 'urban', 24, 'working', true, '公共绿地或空地私自圈占、种植', '围挡、种植物已清除'],
      ['焚烧垃圾秸秆', 'environment', 2, 'natural', true, '露天焚烧垃圾、秸秆、落叶', '明火已熄灭，责任人已教育'],
    ],
  ],
  [
    '02',
    '宣传广告',
    [
      ['乱贴小广告', 'urban', 8, 'working', true, '建筑物、设施上张贴涂写小广告', '小广告已清除'],
      ['违规户外广告', 'urban', 40, 'working', false, '未经许可设置户外广告、招牌破损', '广告已拆除或已规范设置'],
    ],
  ],
  [
    '03',
    '施工管理',
    [
      ['施工扬尘', 'environment', 8, 'working', false, '施工工地未覆盖、未洒水，扬尘明显', '已覆盖洒水，扬尘得到控制'],
      ['施工占道', 'urban', 8, 'working', false, '施工占用道路未设围挡或超范围占道', '已设置围挡或恢复通行'],
      ['夜间施工扰民', 'environment', 4, 'natural', false, '夜间22时后施工产生噪声扰民', '已停止施工或取得夜间施工许可'],
    ],
  ],
  [
    '04',
    '突发事件',
    [
      ['火灾', 'emergency', 1, 'natural', false, '发现明火或浓烟', '火已扑灭，现场安全'],
      ['路面塌陷', 'emergency', 2, 'natural', false, '道路塌陷、出现坑洞危及通行', '已设警示并修复'],
      ['燃气泄漏', 'gas_heating', 1, 'natural', false, '闻到燃气味或发现燃气管道破损', '泄漏已处置，管线已修复'],
      ['积水内涝', 'water', 2, 'natural', false, '道路、低洼处积水影响通行或进户', '积水已排除'],
    ],
  ],
  [
    '05',
    '街面秩序',
    [
      ['占道经营', 'urban', 4, 'working', true, '占用道路、人行道摆摊经营', '摊位已撤离'],
      ['乱停放', 'police', 4, 'natural', true, '车辆乱停乱放阻碍通行', '车辆已挪移'],
      ['店外经营', 'urban', 8, 'working', true, '店铺超出门窗外经营', '已退回店内经营'],
    ],
  ],
  [
    '06',
    '治安隐患',
    [
      ['可疑人员车辆', 'police', 2, 'natural', false, '发现形迹可疑人员、长期停放无主车辆', '已核查处置'],
      ['治安防范设施损坏', 'police', 24, 'working', false, '监控、路灯等防范设施损坏', '设施已修复'],
    ],
  ],
  [
    '07',
    '消防隐患',
    [
      ['消防通道堵塞', 'emergency', 4, 'natural', true, '消防通道被占用、堵塞', '通道已清理畅通'],
      ['电动车违规充电', 'emergency', 4, 'natural', true, '楼道内、室内违规停放充电电动车', '已移至规范场所'],
      ['消防设施缺损', 'emergency', 24, 'working', false, '灭火器、消火栓缺失损坏', '设施已补齐修复'],
    ],
  ],
  [
    '08',
    '矛盾纠纷',
    [
      ['邻里纠纷', null, 24, 'natural', true, '邻里、家庭之间发生纠纷', '双方已调解达成一致'],
      ['土地山林纠纷', null, 72, 'working', false, '土地承包、宅基地、林地权属纠纷', '已调处或移交有关部门'],
      ['劳资纠纷', 'market', 48, 'working', false, '拖欠工资等劳资矛盾', '工资已支付或已依法处理'],
    ],
  ],
  ['09', '信访', [['群众诉求', null, 72, 'working', false, '群众反映需要答复的诉求', '已答复并反馈诉求人']]],
  [
    '10',
    '安全生产',
    [
      ['企业安全隐患', 'emergency', 24, 'working', false, '企业、作坊存在安全生产隐患', '隐患已整改并核查'],
      ['危化品隐患', 'emergency', 4, 'natural', false, '危险化学品存放、运输不规范', '已规范处置'],
    ],
  ],
  [
    '11',
    '道路交通',
    [
      ['道路破损', 'urban', 40, 'working', false, '路面破损、坑槽影响通行', '路面已修复'],
      ['交通设施损坏', 'police', 24, 'working', false, '信号灯、标志标线、护栏损坏', '设施已修复'],
      ['交通违法劝导', 'police', 2, 'natural', true, '不戴头盔、逆行等交通违法', '已劝导纠正'],
    ],
  ],
  [
    '12',
    '公共设施',
    [
      ['供电', 'power', 4, 'natural', false, '停电、电线破损下垂、电杆倾斜', '供电恢复，隐患消除'],
      ['供水', 'water', 8, 'natural', false, '停水、管道破裂漏水', '供水恢复，管道修复'],
      ['燃热', 'gas_heating', 8, 'natural', false, '供暖、燃气设施故障', '设施恢复正常'],
      ['路灯', 'power', 24, 'working', false, '路灯不亮、损坏', '路灯已修复'],
      ['井盖', 'urban', 4, 'natural', true, '井盖缺失、破损、移位', '井盖已补齐复位'],
    ],
  ],
  ['13', '高空坠物', [['高空坠物隐患', 'urban', 8, 'natural', false, '建筑外立面、广告牌、树木有坠落危险', '危险物已加固或拆除']]],
  [
    '14',
    '便民服务',
    [
      ['代办服务', null, 40, 'working', true, '群众（尤其老弱病残孕）需代办事项', '已办结并反馈'],
      ['困难帮扶', null, 72, 'working', false, '群众生活困难需要帮扶', '已落实帮扶措施'],
    ],
  ],
  ['98', '本地事项', [['秸秆禁烧巡查', 'environment', 4, 'natural', true, '禁烧期内发现焚烧隐患', '隐患已消除']]],
  ['99', '其他', [['其他事件', null, 24, 'working', false, '不属于以上类别的事件', '已处置完毕']]],
];

export const CATEGORY_MAJORS = MAJORS.map(([code, name]) => ({ code, name }));

/** Every minor class, coded major + 2 digits (01…, and 99 for the major's "other" in 99). */
export const CATEGORY_SEED: CategorySeed[] = MAJORS.flatMap(([major, , minors]) =>
  minors.map(([name, department, timeLimitH, hours, onSpot, filing = '', closing = ''], i) => ({
    code: `${major}${String(i + 1).padStart(2, '0')}`,
    name,
    department,
    timeLimitH,
    hours,
    onSpot,
    filing,
    closing,
  })),
);
