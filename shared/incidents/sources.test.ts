import { describe, expect, it } from 'vitest';
import { reportSource } from './sources.ts';

describe('the source of a report (来源, R31; issue 16 #22)', () => {
  it('is set by who reports', () => {
    expect(reportSource({ role: 'worker', terminal: false }, undefined)).toEqual({ source: 'terminal' });
    expect(reportSource({ role: 'worker', terminal: true }, undefined)).toEqual({ source: 'terminal' });
    expect(reportSource({ role: 'inspector', terminal: false }, undefined)).toEqual({ source: 'inspector' });
    expect(reportSource({ role: 'duty', terminal: false }, undefined)).toEqual({ source: 'phone' });
  });

  it('lets the command centre say a case is its own finding, and nobody claim another channel', () => {
    expect(reportSource({ role: 'duty', terminal: false }, 'duty')).toEqual({ source: 'duty' });
    expect(reportSource({ role: 'worker', terminal: true }, 'inspector')).toHaveProperty('refused');
    expect(reportSource({ role: 'worker', terminal: false }, 'phone')).toHaveProperty('refused');
    expect(reportSource({ role: 'inspector', terminal: false }, 'terminal')).toHaveProperty('refused');
    expect(reportSource({ role: 'duty', terminal: false }, 'inspector')).toHaveProperty('refused');
  });
});
