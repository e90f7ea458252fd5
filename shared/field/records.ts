// Basic-information records (R8) as the field shows them: who reads personal data in clear (R40).
import type { Role } from '../core/roles.ts';

/** 370481199001011234 → 370481********1234: the region and the last four, for readers outside the grid. */
export const maskIdNumber = (id: string) => `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;

/**
 * Who reads a resident's ID number and phone in clear (R40): the grid's own worker, who collects them, and
 * the administrator and the inspection team, who check them (R22); other readers get them masked.
 */
export const readsResidentsInClear = (role: Role, ownGrid: boolean) => ownGrid || role === 'admin' || role === 'inspector';
