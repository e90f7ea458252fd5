import { describe, expect, it } from 'vitest';
import { scopeOf } from './accounts.ts';

const refs = { squads: [{ id: 2, name: '第二中队' }], workers: [{ id: 7, name: '王芳' }], departments: [{ id: 1, name: '派出所' }] };
const none = { squadId: null, workerId: null, departmentId: null };

describe('an account scope as the table names it', () => {
  it('names the squad, the worker or the department, and nothing for a town-wide account', () => {
    expect(scopeOf({ ...none, squadId: 2 }, refs)).toBe('第二中队');
    expect(scopeOf({ ...none, workerId: 7 }, refs)).toBe('王芳');
    expect(scopeOf({ ...none, departmentId: 1 }, refs)).toBe('派出所');
    expect(scopeOf(none, refs)).toBeNull();
  });

  it('shows an id not loaded yet by its number', () => {
    expect(scopeOf({ ...none, workerId: 99 }, refs)).toBe('#99');
  });
});
