import type { Rng } from './random.ts';

// Common surnames of south-west Shandong, most frequent first; and characters of given names.
const SURNAMES = '王张李刘孙杨赵陈徐马朱胡高郭周吴宋孔颜褚黄曹田董韩冯魏丁任袁石邵姜崔程郝梁侯薛殷满甘'.split('');
const GIVEN = '建国华明丽军红英平伟芳秀兰玉凤桂敏杰涛静磊强勇艳娟霞洪波刚峰斌超海燕鹏飞宇浩然欣怡佳琪子涵梓睿晨阳文博'.split('');

export function personName(rng: Rng): string {
  const given = rng.chance(0.3) ? rng.pick(GIVEN) : rng.pick(GIVEN) + rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick(['138', '139', '158', '159', '188', '187', '135', '136', '150', '151', '152', '157', '182', '183']);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
