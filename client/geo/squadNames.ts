/**
 * A squad's name where space is short: the town's squads are named 第一巡查中队 and so on, and the wall's
 * ranking shows 第一中队. The word is the town's data (as it is written in its names), not interface text.
 */
export const shortSquadName = (name: string) => name.replace('巡查', '');
