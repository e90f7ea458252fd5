// The case workflow (R18, R19, R31), exhaustively: every state × level × on-spot class × pending extension
// × action against a table written out by hand.
import { describe, expect, it } from 'vitest';
import {
  INCIDENT_ACTIONS,
  INCIDENT_LEVELS,
  INCIDENT_STATES,
  allowedActions,
  transition,
  urgencyOf,
  type IncidentAction,
  type IncidentLevel,
  type IncidentState,
} from './machine.ts';

/** The workflow as a table: from a state, action → next state ('=' keeps the state; level handled apart). */
const TABLE: Record<IncidentState, Partial<Record<IncidentAction, IncidentState | '='>>> = {
  reported: { register: 'registered', reject: 'rejected', resolve_on_spot: 'handled', merge: 'merged', escalate: '=' },
  registered: { dispatch: 'dispatched', merge: 'merged', escalate: '=', postpone: 'postponed' },
  dispatched: {
    dispatch: 'dispatched',
    accept: 'in_progress',
    escalate: '=',
    postpone: 'postponed',
    request_extension: '=',
    approve_extension: '=',
    refuse_extension: '=',
  },
  in_progress: { handle: 'handled', escalate: '=', postpone: 'postponed', request_extension: '=', approve_extension: '=', refuse_extension: '=' },
  handled: { verify: 'verified', rework: 'dispatched' },
  escalated: { city_result: 'handled' },
  verified: { feedback: 'fed_back' },
  fed_back: { close: 'closed' },
  closed: {},
  rejected: {},
  postponed: { resume: 'registered' },
  merged: {},
};

function expected(
  state: IncidentState,
  level: IncidentLevel,
  onSpot: boolean,
  pending: boolean,
  action: IncidentAction,
): { state: IncidentState; level: IncidentLevel } | null {
  const next = TABLE[state][action];
  if (next === undefined) return null;
  if (action === 'resolve_on_spot' && !onSpot) return null;
  if (action === 'request_extension' && pending) return null;
  if ((action === 'approve_extension' || action === 'refuse_extension') && !pending) return null;
  if (action === 'escalate') {
    if (level === 'city') return null;
    return level === 'village' ? { state: 'registered', level: 'town' } : { state: 'escalated', level: 'city' };
  }
  return { state: next === '=' ? state : next, level };
}

describe('the incident state machine', () => {
  it('answers every state × level × class × extension × action as the table says', () => {
    let cases = 0;
    for (const state of INCIDENT_STATES)
      for (const level of INCIDENT_LEVELS)
        for (const onSpot of [true, false])
          for (const extensionPending of [true, false])
            for (const action of INCIDENT_ACTIONS) {
              expect(transition({ state, level, onSpot, extensionPending }, action), `${state}/${level}/${onSpot}/${extensionPending} ${action}`).toEqual(
                expected(state, level, onSpot, extensionPending, action),
              );
              cases++;
            }
    expect(cases).toBe(INCIDENT_STATES.length * 3 * 2 * 2 * INCIDENT_ACTIONS.length);
  });

  it('walks the lifecycles of the source document', () => {
    const walk = (actions: IncidentAction[], start: { level: IncidentLevel; onSpot: boolean }) => {
      let c = { state: 'reported' as IncidentState, level: start.level, onSpot: start.onSpot, extensionPending: false };
      for (const a of actions) {
        const t = transition(c, a);
        expect(t, `${c.state} ${a}`).not.toBeNull();
        c = { ...c, ...t!, extensionPending: a === 'request_extension' };
      }
      return c;
    };
    // On the spot by the grid worker (R18), then verification and feedback.
    expect(walk(['resolve_on_spot', 'verify', 'feedback', 'close'], { level: 'village', onSpot: true })).toMatchObject({ state: 'closed', level: 'village' });
    // To a department, sent back once, extended once (R31).
    expect(
      walk(
        ['register', 'dispatch', 'accept', 'request_extension', 'approve_extension', 'handle', 'rework', 'accept', 'handle', 'verify', 'feedback', 'close'],
        { level: 'town', onSpot: false },
      ).state,
    ).toBe('closed');
    // Level by level to the city and back with its result (R19).
    expect(walk(['escalate', 'dispatch', 'escalate', 'city_result', 'verify', 'feedback', 'close'], { level: 'village', onSpot: false })).toMatchObject({
      state: 'closed',
      level: 'city',
    });
    // Postponed and resumed; rejected.
    expect(walk(['register', 'postpone', 'resume', 'dispatch'], { level: 'town', onSpot: false }).state).toBe('dispatched');
    expect(walk(['reject'], { level: 'town', onSpot: true }).state).toBe('rejected');
  });

  it('offers no action in a final state', () => {
    for (const state of ['closed', 'rejected', 'merged'] as const)
      expect(allowedActions({ state, level: 'town', onSpot: true, extensionPending: false })).toEqual([]);
    expect(allowedActions({ state: 'reported', level: 'town', onSpot: false, extensionPending: false })).toEqual(
      ['register', 'reject', 'escalate', 'merge'].sort((a, b) => INCIDENT_ACTIONS.indexOf(a as IncidentAction) - INCIDENT_ACTIONS.indexOf(b as IncidentAction)),
    );
  });
});

describe('urgency against the deadline', () => {
  it('warns from 80 % of the time limit and is overdue after it', () => {
    const start = 0;
    const deadline = 10 * 3_600_000;
    expect(urgencyOf(start, deadline, 7.9 * 3_600_000)).toBe('normal');
    expect(urgencyOf(start, deadline, 8 * 3_600_000)).toBe('warning');
    expect(urgencyOf(start, deadline, deadline)).toBe('warning');
    expect(urgencyOf(start, deadline, deadline + 1)).toBe('overdue');
    expect(urgencyOf(start, null, 1e15)).toBe('normal');
  });
});
