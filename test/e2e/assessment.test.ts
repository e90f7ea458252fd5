// The assessment screen as a leader uses it (R21-R29): picks a month, sees the ranking and the 10 and why,
// drills into a worker's points down to the records, exports the table, and the .xlsx is what the screen shows.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../shared/core/time.ts';
import { DEMO_PASSWORD } from '../helpers/server.ts';
import { loginAs } from './browser.ts';
import { ARTIFACTS, serverAndBrowser } from './setup.ts';

const e2e = serverAndBrowser();

describe('the assessment screen', () => {
  it('shows a month’s ranking, drills into a worker’s records and exports the table as shown', async () => {
    const month = shanghaiDay(Date.now()).slice(0, 7);
    // A worker's online score of the month, so that their row and their points differ from the rest.
    const [w] = await e2e.srv.db.query<{ id: number }>('SELECT worker_id AS id FROM grids WHERE worker_id IS NOT NULL ORDER BY id LIMIT 1');
    const [leader] = await e2e.srv.db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'leader'`);
    const [score] = await e2e.srv.db.query<{ id: number }>(
      `INSERT INTO online_scores (worker_id, month, score, by_user_id) VALUES ($1, $2, 97, $3) RETURNING id`,
      [w!.id, month, leader!.id],
    );
    const page = await e2e.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await loginAs(page, e2e.srv.base, 'leader', DEMO_PASSWORD, '/assessment');
    await page.waitForSelector(`[data-testid=ranking] tbody tr[data-worker="${w!.id}"]`, { timeout: 60_000 });
    expect(await page.inputValue('[data-testid=month]')).toBe(month);
    expect(await page.textContent('[data-testid=period]')).toContain('统计期间');
    const row = page.locator(`[data-testid=ranking] tbody tr[data-worker="${w!.id}"]`);
    expect(await row.locator('td').nth(5).textContent()).toBe('97');
    await row.click();
    const online = page.locator('[data-testid=worker-lines] tr[data-part=online]');
    await online.waitFor({ timeout: 15_000 });
    expect(await online.locator('td').first().textContent()).toBe('97');
    expect(await online.locator(`li[data-ref="online_score/${score!.id}"]`).textContent()).toBe(`线上成绩 ${score!.id}`);
    expect(await page.locator('[data-testid=worker-lines] tr').count()).toBe(9); // seven on-site parts, online, bonus
    // Down to the records: the online line's record, with its score.
    await online.click();
    const record = page.locator(`[data-testid=records][data-part=online] tr[data-record="online_score/${score!.id}"]`);
    await record.waitFor({ timeout: 15_000 });
    expect(await record.textContent()).toContain('分数 97');
    writeFileSync(`${ARTIFACTS}/assessment-1440.png`, await page.screenshot({ fullPage: true }));

    const shown = await page
      .locator('[data-testid=ranking] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(shown.length).toBeGreaterThan(10);
    // The 10 and why (R26, R28): at most 10 named, ranked first; every other row says why not, or is ranked after them.
    const awarded = shown.filter((r) => r[8] === '是');
    expect(awarded.length).toBeLessThanOrEqual(10);
    expect(awarded.map((r) => Number(r[0]))).toEqual(awarded.map((_, i) => i + 1));
    for (const r of shown.filter((x) => x[8] !== '是')) expect(r[9] !== '' || Number(r[0]) > awarded.length, r.join('|')).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    expect(download.suggestedFilename()).toBe(`assessment-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(await page.locator('[data-testid=ranking] thead th').allTextContents());
    expect(sheet.rowCount).toBe(shown.length + 1);
    for (let i = 0; i < shown.length; i++) {
      const cells = (sheet.getRow(i + 2).values as unknown[]).slice(1);
      expect(shown[i]!.map((text, k) => [text, String(cells[k] ?? '')]).filter(([a, b]) => a !== b)).toEqual([]);
    }
    // The day's collection ranking (R21): one table per grid class.
    await page.click('[data-tab=day]');
    await page.waitForSelector('[data-testid=class-3]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=day-events] table').count()).toBe(3);
  });
});

describe('the awards’ print page (R25)', () => {
  it('prints a reward application on A4: Chromium makes a PDF holding the applicant’s name', async () => {
    const [w] = await e2e.srv.db.query<{ id: number; name: string }>(
      'SELECT w.id, w.name FROM workers w JOIN grids g ON g.worker_id = w.id ORDER BY w.id DESC LIMIT 1',
    );
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(page, e2e.srv.base, 'leader', DEMO_PASSWORD, '/assessment');
    const created = await page.evaluate(async (workerId) => {
      const r = await fetch('/api/assessment/rewards', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          workerId,
          gender: '女',
          age: 35,
          politicalStatus: '群众',
          unit: '西岗镇网格巡查大队第一中队',
          post: '专职网格员',
          phone: '13805370002',
          category: 'detention_tip',
          deedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
          deedPlace: '西岗新居社区',
          deed: '提供涉赌窝点线索，经派出所核实，对相对人处以治安拘留。',
          proofBy: '西岗派出所',
          rewardAsked: '奖金 300 元',
        }),
      });
      return { status: r.status, body: await r.json() };
    }, w!.id);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The rewards tab lists it and links to its print page.
    await page.click('[data-tab=rewards]');
    await page.click(`[data-testid=reward-list] tr[data-reward="${created.body.id}"]`);
    expect(await page.getAttribute('[data-testid=reward-print]', 'href')).toBe(`/assessment/print?kind=reward&id=${created.body.id}`);
    writeFileSync(`${ARTIFACTS}/assessment-rewards-1280.png`, await page.screenshot({ fullPage: true }));

    await page.goto(`${e2e.srv.base}/assessment/print?kind=reward&id=${created.body.id}`);
    await page.waitForSelector('[data-testid=print-ready]', { timeout: 30_000 });
    expect(await page.textContent('h1')).toBe('西岗镇社会治安综合治理个人奖励申报表');
    expect(await page.textContent('[data-field=name]')).toBe(w!.name);
    writeFileSync(`${ARTIFACTS}/reward-form-print.png`, await page.screenshot({ fullPage: true }));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-tools').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${ARTIFACTS}/reward-form.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await pdfHasText(pdf, w!.name)).toBe(true);
    expect(await pdfHasText(pdf, '不在表上的名字')).toBe(false);
    await page.close();
  });
});

/**
 * Whether a PDF from Chromium shows `text`: each page's text runs decoded through the ToUnicode map of the font
 * they are set in (Chromium's Skia writes glyphs of subset fonts, a few hundred to a font, so a name may span fonts).
 */
async function pdfHasText(pdf: Buffer, text: string): Promise<boolean> {
  const { inflateSync } = await import('node:zlib');
  const raw = pdf.toString('latin1'); // one character a byte: string offsets are byte offsets
  const objects = new Map<string, { dict: string; data: string }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(m[1]!, { dict: body, data: '' });
      continue;
    }
    const start = m.index! + m[0].indexOf(body) + at + (body[at + 6] === '\r' ? 8 : 7);
    const end = raw.indexOf('endstream', start);
    let data = '';
    try {
      data = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      data = raw.slice(start, end);
    }
    objects.set(m[1]!, { dict: body.slice(0, at), data });
  }
  const hex = (h: string) => Number.parseInt(h, 16);
  const toUnicode = (ref: string) => {
    const cmap = objects.get(ref)?.data ?? '';
    const map = new Map<number, string>();
    const chars = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map(hex));
    for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? [])
      for (const [, code, uni] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(hex(code!), chars(uni!));
    for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? [])
      for (const [, lo, hi, uni] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        for (let c = hex(lo!); c <= hex(hi!); c++) map.set(c, String.fromCodePoint(hex(uni!) + c - hex(lo!)));
    const width = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap)?.[1]?.length ?? 4;
    return { map, width };
  };
  // Resource names (/F3) of every font dictionary, and each font's map.
  const fonts = new Map<string, ReturnType<typeof toUnicode>>();
  for (const { dict } of objects.values())
    for (const [, names] of dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const [, name, ref] of names!.matchAll(/\/(\S+)\s+(\d+) 0 R/g)) {
        const font = objects.get(ref!)?.dict ?? '';
        const cmapRef = /\/ToUnicode\s+(\d+) 0 R/.exec(font)?.[1];
        if (cmapRef) fonts.set(name!, toUnicode(cmapRef));
      }
  let shown = '';
  for (const { data } of objects.values()) {
    if (!/\bTf\b/.test(data)) continue;
    let font: ReturnType<typeof toUnicode> | undefined;
    for (const m of data.matchAll(/\/(\S+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>/g)) {
      if (m[1]) font = fonts.get(m[1]);
      else if (font) for (const g of m[2]!.match(new RegExp(`.{${font.width}}`, 'g')) ?? []) shown += font.map.get(hex(g)) ?? '';
    }
  }
  // Chromium maps some ideographs to their Kangxi radical forms (⼈ for 人): compared after NFKC.
  return shown.normalize('NFKC').includes(text.normalize('NFKC'));
}
