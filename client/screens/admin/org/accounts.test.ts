import { describe, expect, it } from 'vitest';
import { scopeBody, scopeOf } from './accounts.ts';

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

describe('what an account form sends for a role and its scope', () => {
  const choice = { squadId: '2', workerId: '7', departmentId: '1' };
  it('sends the field of the role as a number and the others as null', () => {
    expect(scopeBody({ role: 'squad_leader', ...choice })).toEqual({ role: 'squad_leader', squadId: 2, workerId: null, departmentId: null });
    expect(scopeBody({ role: 'worker', ...choice })).toEqual({ role: 'worker', squadId: null, workerId: 7, departmentId: null });
    expect(scopeBody({ role: 'leader', ...choice })).toEqual({ role: 'leader', squadId: null, workerId: null, departmentId: null });
  });

  it('sends a needed field left empty as null, for the server to refuse', () => {
    expect(scopeBody({ role: 'department', squadId: '', workerId: '', departmentId: '' }).departmentId).toBeNull();
  });
});
