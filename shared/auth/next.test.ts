import { describe, expect, it } from 'vitest';
import { sameSitePath } from './next.ts';

const origin = 'https://grid.example.gov.cn';
const go = (next: string | null) => sameSitePath(next, origin, '/wall');

describe('the page after login (issue 16 #15)', () => {
  it('keeps a path of this site, with its query and hash', () => {
    expect(go('/dispatch')).toBe('/dispatch');
    expect(go('/leader?squad=2#map')).toBe('/leader?squad=2#map');
  });

  it('never leaves the site, however the other host is written', () => {
    for (const next of [
      '//evil.example/',
      '/\\evil.example/',
      '/%5Cevil.example/'.replace('%5C', '\\'),
      '/\t/evil.example/',
      '/\n/evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      ' /wall',
      '',
    ])
      expect(go(next), JSON.stringify(next)).toBe('/wall');
    expect(go(null)).toBe('/wall');
  });

  it('keeps an encoded backslash as the path it is', () => {
    expect(go('/%5Cevil.example/')).toBe('/%5Cevil.example/');
  });
});
