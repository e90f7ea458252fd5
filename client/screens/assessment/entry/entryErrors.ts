// What a refused entry says next to its form (R40 "bad input -> a clear error, nothing changed"): the server's
// 4xx JSON `{ error, message, details }` in the interface's language — a sentence for the code, then each
// field's or row's problem with the field named as the form names it. In English the server's own words.
import { ApiError } from '../../../platform/api.ts';
import type { Lang, MessageKey, Translate } from '../../../platform/i18n.ts';

const CODES: Record<string, MessageKey> = {
  invalid_request: 'entry.err.invalid_request',
  invalid_records: 'entry.err.invalid_records',
  not_found: 'entry.err.not_found',
  forbidden: 'entry.err.forbidden',
  unauthorized: 'entry.err.unauthorized',
  already_marked: 'entry.err.already_marked',
  already_completed: 'entry.err.already_completed',
  unsupported_media_type: 'entry.err.unsupported_media_type',
  unreadable_image: 'entry.err.unreadable_image',
  image_too_large: 'entry.err.image_too_large',
  payload_too_large: 'entry.err.payload_too_large',
};

/** The body fields of the assessment's forms, as the forms label them. */
const FIELDS: Record<string, MessageKey> = {
  workerId: 'entry.worker',
  score: 'entry.score',
  scores: 'entry.scores',
  takenAt: 'entry.takenAt',
  size: 'entry.sampleSize',
  seed: 'entry.seed',
  title: 'entry.title',
  heldAt: 'entry.heldAt',
  givenAt: 'entry.givenAt',
  deadline: 'entry.deadline',
  submittedAt: 'entry.submittedAt',
  checkedAt: 'entry.checkedAt',
  receivedAt: 'entry.receivedAt',
  awardedAt: 'entry.awardedAt',
  completedAt: 'entry.completedAt',
  day: 'entry.day',
  note: 'entry.note',
  summary: 'entry.summary',
  incidentId: 'entry.incidentId',
  effectiveFrom: 'entry.effectiveFrom',
  results: 'entry.results',
  result: 'entry.result',
  month: 'assessment.month',
};

/** The server's sentences the forms can meet, as patterns with their message. */
const SENTENCES: [RegExp, MessageKey][] = [
  [/^Too big: expected \w+ to (?:be|have) <=\s*([\d.]+)/, 'entry.msg.tooBig'],
  [/^Too big: expected \w+ to (?:be|have) <\s*([\d.]+)/, 'entry.msg.below'],
  [/^Too small: expected string to have >=?\s*1 characters/, 'entry.msg.empty'],
  [/^Too small: expected \w+ to (?:be|have) >=\s*([\d.]+)/, 'entry.msg.tooSmall'],
  [/^Too small: expected \w+ to (?:be|have) >\s*([\d.]+)/, 'entry.msg.above'],
  [/^Invalid ISO datetime/, 'entry.msg.datetime'],
  [/^Invalid (?:input|option)/, 'entry.msg.choice'],
  [/^Invalid/, 'entry.msg.format'],
  [/^at most (\d+)/, 'entry.msg.atMost'],
  [/^no worker (\d+)/, 'entry.msg.noWorker'],
  [/^网格员编号 is not a worker id/, 'entry.msg.notWorkerId'],
  [/^得分 (.*) is not between 0 and 100/, 'entry.msg.scoreRange'],
  [/is not a date and time with its offset/, 'entry.msg.datetime'],
  [/^before givenAt/, 'entry.msg.beforeGiven'],
  [/^in the future/, 'entry.msg.future'],
  [/^a sample of (\d+) \w+ from a grid of (\d+)/, 'entry.msg.sampleTooLarge'],
  [/holds no grid/, 'entry.msg.noGrid'],
  [/^the grid of worker \d+ has no/, 'entry.msg.emptyGrid'],
  [/^the first row must name the columns/, 'entry.msg.columns'],
  [/^the sheet has no scores/, 'entry.msg.noScores'],
  [/^the workbook has no sheet/, 'entry.msg.noSheet'],
  [/^the deadline must come after/, 'entry.msg.beforeGiven'],
  [/must be an \.xlsx workbook/, 'entry.msg.xlsx'],
  [/must be a JPEG, PNG or WebP/, 'entry.msg.photo'],
  [/is not in sample/, 'entry.msg.notInSample'],
  [/has not come yet/, 'entry.msg.future'],
];

/** A server sentence in the interface's language; null when it is none the forms know. */
function sentence(text: string, t: Translate): string | null {
  for (const [re, key] of SENTENCES) {
    const m = re.exec(text);
    if (m) return t(key, { a: m[1] ?? '', b: m[2] ?? '' });
  }
  return null;
}

/** A field's path as the form names it: `body.scores.0.score` → 第 1 条 · 分数; `row 3` → 第 3 行. */
function where(path: string, t: Translate, labels?: (path: string) => string | undefined): string {
  const row = /^row (\d+)$/.exec(path);
  if (row) return t('entry.row', { n: row[1]! });
  const parts = path.split('.').filter((p) => p !== 'body' && p !== 'query' && p !== 'params');
  const own = labels?.(parts.join('.'));
  if (own) return own;
  return parts.map((p) => (/^\d+$/.test(p) ? t('entry.item', { n: Number(p) + 1 }) : FIELDS[p] ? t(FIELDS[p]!) : p)).join(' · ');
}

const isIssue = (d: unknown): d is { path: string; message: string } =>
  typeof d === 'object' && d !== null && typeof (d as { path?: unknown }).path === 'string' && typeof (d as { message?: unknown }).message === 'string';

/** What a form shows of a failed call. */
export function errorText(err: unknown, t: Translate, lang: Lang, labels?: (path: string) => string | undefined): string {
  if (!(err instanceof ApiError)) return t('entry.err.network');
  const issues = Array.isArray(err.details) ? err.details.filter(isIssue) : [];
  if (lang === 'en') return [err.message, ...issues.map((i) => `${i.path}: ${i.message}`)].join('; ');
  const head = CODES[err.code] ? t(CODES[err.code]!) : t('entry.err.other', { status: err.status });
  const said = issues.map((i) => {
    const field = where(i.path, t, labels);
    // A worker not picked (no id, or 0) is said as such, not as a number out of range.
    const unpicked = /(^|\.)workerId$/.test(i.path) && /^(Too small|Invalid input)/.test(i.message);
    const text = unpicked ? t('entry.pickWorker') : (sentence(i.message, t) ?? t('entry.msg.format'));
    return field ? `${field}：${text}` : text;
  });
  // The server's own sentence first when the forms know it (a sample larger than the grid, a file not .xlsx).
  const own = sentence(err.message, t);
  if (own) said.unshift(own);
  return said.length ? `${head}：${said.join('；')}` : head;
}
