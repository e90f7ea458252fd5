import type { CallArgs } from '../platform/api.ts';
import type { incidents } from '../../shared/incidents/contract.ts';

/**
 * The open incidents as every screen asks for them (the wall's pins, the leader view's counts): one query,
 * so one entry in the page's cache (`useEndpoint(incidents.list, OPEN_INCIDENTS)`).
 */
export const OPEN_INCIDENTS: CallArgs<typeof incidents.list> = { query: { open: 'true', pageSize: 500 } };
