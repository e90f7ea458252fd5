// The service worker keeps the field app's GET answers (/api/…) for offline use, under one cache name. They
// are one account's (its grid's households, people, cases: R40), so logging out drops them: the next person
// to open the app on a shared phone, offline, must not see the last worker's lists.
export const FIELD_API_CACHE = 'field-api';

export async function dropCachedAnswers() {
  if (typeof caches !== 'undefined') await caches.delete(FIELD_API_CACHE);
}
