// The one object the routes, the replay and the demo's duty officer act on incidents through: the store,
// the actions, the dispatch suggestions and the deadline sweep, over one class catalogue.
import type { Db } from '../platform/db/index.ts';
import type { LiveState } from '../tracking/live.ts';
import { incidentActions } from './actions.ts';
import { deadlineSweep } from './deadlines.ts';
import { incidentStore } from './store.ts';
import { dispatchSuggestions } from './suggestions.ts';

/** What the routes, the replay and the demo's duty officer use of the incidents. */
export function incidentService(db: Db, live: LiveState) {
  const store = incidentStore(db);
  return {
    ...store,
    ...incidentActions(db, store),
    suggestions: dispatchSuggestions(db, store, live),
    sweepDeadlines: deadlineSweep(db),
  };
}
export type IncidentService = ReturnType<typeof incidentService>;
