// R25: the reward's steps in order, each by its own role; R27: monthly awards counted from the final lists.
import { describe, expect, it } from 'vitest';
import { monthlyAwardsOf, nextStep, proofOpen, takeStep } from './rewards.ts';

describe('a reward application (R25)', () => {
  it('goes checked by the squad → confirmed by the brigade → approved by the town → paid, each step by its role', () => {
    expect(takeStep('submitted', 'check', 'squad_leader', 1)).toEqual({ ok: true, to: 'checked' });
    expect(takeStep('checked', 'confirm', 'inspector', 1)).toEqual({ ok: true, to: 'confirmed' });
    expect(takeStep('confirmed', 'approve', 'leader', 1)).toEqual({ ok: true, to: 'approved' });
    expect(takeStep('approved', 'pay', 'inspector', 1)).toEqual({ ok: true, to: 'paid' });
    expect(takeStep('approved', 'pay', 'squad_leader', 1)).toEqual({ ok: true, to: 'paid' });
    expect(nextStep('paid')).toBeNull();
  });

  it('cannot skip, repeat or go back a step', () => {
    expect(takeStep('submitted', 'approve', 'leader', 1)).toMatchObject({ code: 'wrong_step', expected: 'check' });
    expect(takeStep('checked', 'check', 'squad_leader', 1)).toMatchObject({ code: 'wrong_step', expected: 'confirm' });
    expect(takeStep('paid', 'pay', 'inspector', 1)).toMatchObject({ code: 'wrong_step', expected: null });
    expect(takeStep('rejected', 'reject', 'leader', 1)).toMatchObject({ code: 'wrong_step', expected: null });
  });

  it('is refused to the wrong role, the administrator included', () => {
    expect(takeStep('submitted', 'check', 'inspector', 1)).toMatchObject({ code: 'wrong_role', roles: ['squad_leader'] });
    expect(takeStep('checked', 'confirm', 'leader', 1)).toMatchObject({ code: 'wrong_role' });
    expect(takeStep('confirmed', 'approve', 'admin', 1)).toMatchObject({ code: 'wrong_role', roles: ['leader'] });
    expect(takeStep('approved', 'pay', 'worker', 1)).toMatchObject({ code: 'wrong_role' });
  });

  it('needs the written proof before the squad checks it; proof is attached only before', () => {
    expect(takeStep('submitted', 'check', 'squad_leader', 0)).toMatchObject({ code: 'no_proof' });
    expect(proofOpen('submitted')).toBe(true);
    expect(proofOpen('checked')).toBe(false);
  });

  it('is rejected at the step it waits for, by that step’s role', () => {
    expect(takeStep('submitted', 'reject', 'squad_leader', 0)).toEqual({ ok: true, to: 'rejected' });
    expect(takeStep('confirmed', 'reject', 'leader', 1)).toEqual({ ok: true, to: 'rejected' });
    expect(takeStep('confirmed', 'reject', 'squad_leader', 1)).toMatchObject({ code: 'wrong_role' });
  });
});

describe('monthly awards in a year (R27)', () => {
  it('are counted from the year’s final lists only, other years left out', () => {
    const row = (workerId: number, awarded: boolean, total: number) => ({ workerId, awarded, total });
    const got = monthlyAwardsOf(
      [
        { period: '2026-01', final: true, ranking: [row(1, true, 90), row(2, false, 70)] },
        { period: '2026-02', final: true, ranking: [row(1, true, 80), row(2, true, 85)] },
        { period: '2026-03', final: false, ranking: [row(1, true, 70), row(2, true, 75)] }, // still on notice
        { period: '2025-12', final: true, ranking: [row(1, true, 99)] },
      ],
      2026,
    );
    expect(got.get(1)).toEqual({ awards: 2, totals: [90, 80, 70] });
    expect(got.get(2)).toEqual({ awards: 1, totals: [70, 85, 75] });
  });
});
