import { describe, expect, it } from 'vitest';
import { changes } from './edits.ts';

describe('what an edit form sends', () => {
  it('sends only the fields changed', () => {
    expect(changes({ name: '王芳', phone: '138', squadId: 2 }, { name: '王芳', phone: '139', squadId: 2 })).toEqual({ phone: '139' });
    expect(changes({ name: '王芳', squadId: 2 }, { name: '王芳', squadId: 3 })).toEqual({ squadId: 3 });
  });

  it('reads a missing value and an empty field alike', () => {
    expect(changes({ phone: null }, { phone: '' })).toEqual({});
    expect(changes({ phone: null }, { phone: '1' })).toEqual({ phone: '1' });
  });
});
