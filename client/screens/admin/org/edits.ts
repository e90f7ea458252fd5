// What an edit form sends: only the fields the user changed, so that a PATCH leaves the rest as it is (and
// a transfer is sent only when the squad was changed).

/** The fields of `next` whose value differs from `before`'s (null and '' read alike: an empty field is none). */
export function changes<T extends Record<string, string | number | boolean | null>>(before: { [K in keyof T]?: T[K] | null }, next: T): Partial<T> {
  const same = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => !same(before[k as keyof T], v))) as Partial<T>;
}
