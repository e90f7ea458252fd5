import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../platform/api.ts';
import { errorView } from './errors.ts';

describe('what a form shows of a refused request', () => {
  it('puts each field issue next to its field and keeps the server words', () => {
    const v = errorView(
      new ApiError(400, 'invalid_request', 'invalid body', [
        { path: 'body.phone', message: 'a phone number' },
        { path: 'body.name', message: 'must not be empty' },
        { path: 'body.name', message: 'too long' },
      ]),
    );
    expect(v.key).toBe('org.err.invalid_request');
    expect(v.fields).toEqual({ phone: 'a phone number', name: 'must not be empty; too long' });
    expect(v.message).toBe('invalid body (phone: a phone number; name: must not be empty; name: too long)');
    expect(v.subject).toBeNull();
  });

  it('says an issue over the whole body without a field', () => {
    const v = errorView(new ApiError(400, 'invalid_request', 'invalid query', [{ path: 'query', message: 'give date, or both from and to' }]));
    expect(v.fields).toEqual({});
    expect(v.message).toBe('invalid query (give date, or both from and to)');
  });

  it('explains the R4 conflict with the grid the server names', () => {
    const v = errorView(new ApiError(409, 'holds_another_grid', 'worker 7 holds grid 37048110600101 (id 3)', { gridId: 3, code: '37048110600101' }));
    expect(v.key).toBe('org.err.holds_another_grid');
    expect(v.subject).toEqual({ gridId: 3, code: '37048110600101' });
  });

  it('shows an unknown code as the server says it, and a failure without an answer as a network one', () => {
    expect(errorView(new ApiError(418, 'teapot', 'short and stout')).key).toBe('org.err.other');
    expect(errorView(new ApiError(401, 'unauthorized', 'log in first')).key).toBe('org.err.unauthorized');
    const offline = errorView(new TypeError('Failed to fetch'));
    expect(offline.key).toBe('org.err.network');
    expect(offline.message).toBe('Failed to fetch');
  });
});
