import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../platform/api.ts';
import type { Translate } from '../../../platform/i18n.ts';
import { zhCN } from '../../../platform/l10n/zh-CN.ts';
import { errorText } from './entryErrors.ts';

const t: Translate = (key, values) => zhCN[key].replace(/\{(\w+)\}/g, (place, name: string) => (values && name in values ? String(values[name]) : place));

describe('an entry form’s error in Chinese', () => {
  it('names the field and the bound of a score out of range (R23: 0-100)', () => {
    const e = new ApiError(400, 'invalid_request', 'invalid body', [{ path: 'body.scores.0.score', message: 'Too big: expected number to be <=100' }]);
    expect(errorText(e, t, 'zh')).toBe('输入有误，未保存：成绩 · 第 1 条 · 分数：不能大于 100');
    expect(errorText(e, t, 'en')).toBe('invalid body; body.scores.0.score: Too big: expected number to be <=100');
  });

  it('says a worker was not picked rather than a number out of range', () => {
    const e = new ApiError(400, 'invalid_request', 'invalid body', [{ path: 'body.workerId', message: 'Too small: expected number to be >0' }]);
    expect(errorText(e, t, 'zh')).toBe('输入有误，未保存：网格员：请选择网格员');
  });

  it('gives the server’s own sentence and each row of a refused file', () => {
    const big = new ApiError(422, 'invalid_records', 'a sample of 50 households from a grid of 12', [{ path: 'body.size', message: 'at most 12' }]);
    expect(errorText(big, t, 'zh')).toBe('记录未保存：样本量 50 超过该网格的总数 12；样本量：最多 12');
    const rows = new ApiError(422, 'invalid_records', 'no score was recorded', [{ path: 'row 3', message: '得分 120 is not between 0 and 100' }]);
    expect(errorText(rows, t, 'zh')).toBe('记录未保存：第 3 行：得分 120 不在 0–100 之间');
    expect(errorText(new ApiError(415, 'unsupported_media_type', 'the score file must be an .xlsx workbook'), t, 'zh')).toBe(
      '文件类型不支持：成绩文件须为 .xlsx 工作簿',
    );
  });

  it('keeps an unknown code and a network failure in Chinese', () => {
    expect(errorText(new ApiError(418, 'teapot', 'short and stout'), t, 'zh')).toBe('操作未成功（418）');
    expect(errorText(new TypeError('Failed to fetch'), t, 'zh')).toBe('无法连接服务器，输入已保留，请稍后重试');
  });
});
