import type { Rng } from './random.ts';

// Common surnames of south-west Shandong, most frequent first; and characters of given names.
const SURNAMES = '王张李刘孙杨赵陈徐马朱胡高郭周吴宋孔颜褚黄曹田董韩冯魏丁任袁石邵姜崔程郝梁侯薛殷满甘'.split('');
const GIVEN = '建国华明丽军红英平伟芳秀兰玉凤桂敏杰涛静磊强勇艳娟霞洪波刚峰斌超海燕鹏飞宇浩然欣怡佳琪子涵梓睿晨阳文博'.split('');
const PLACE_PREFIX = ['', '', '', '前', '后', '东', '西', '南', '北', '大', '小'];
const PLACE_SUFFIX = ['庄', '楼', '集', '营', '寨', '屯', '堂', '洼', '岗', '店', '桥', '湖', '口', '沟', '庙', '官'];
const COMMUNITY = ['西岗', '兴隆', '振兴', '和平', '幸福', '民安', '文化', '新华', '滨湖', '龙泉'];

export function personName(rng: Rng): string {
  const given = rng.chance(0.3) ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick(['138', '139', '158', '159', '188', '187', '135', '136', '150', '151', '152', '157', '182', '183']);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Unique village names such as 后王庄 or 孔集, and community names such as 兴隆 (the caller adds 村 / 社区). */
export function placeNames(rng: Rng, villages: number, communities: number): { villages: string[]; communities: string[] } {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < villages) {
    const name = rng.pick(PLACE_PREFIX) + rng.pick(SURNAMES) + rng.pick(PLACE_SUFFIX);
    if (!seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return { villages: out, communities: COMMUNITY.slice(0, communities) };
}
