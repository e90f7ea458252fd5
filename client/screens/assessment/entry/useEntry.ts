// One entry form's sending: the error shown next to it in the interface's language (inputs kept), and on
// success every assessment answer asked again, so that the lists and the month show the new record.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { shanghaiDay } from '../../../../shared/core/time.ts';
import { useT } from '../../../platform/i18n.ts';
import { errorText } from './entryErrors.ts';

export interface Entry {
  run: <T>(send: () => Promise<T>, said?: (answer: T) => string) => Promise<T | undefined>;
  /** Says what is missing before anything is sent (a file not chosen). */
  refuse: (text: string) => void;
  error: string | null;
  done: string | null;
  busy: boolean;
}

/** `labels` names a form's own fields in its errors (the settings' many numbers). */
export function useEntry(labels?: (path: string) => string | undefined): Entry {
  const qc = useQueryClient();
  const { t, lang } = useT();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(send: () => Promise<T>, said?: (answer: T) => string) => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const answer = await send();
      await qc.invalidateQueries({ predicate: (q) => String(q.queryKey[1]).startsWith('/assessment') });
      setDone(said ? said(answer) : t('entry.saved'));
      return answer;
    } catch (e) {
      setError(errorText(e, t, lang, labels));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const refuse = (text: string) => {
    setDone(null);
    setError(text);
  };
  return { run, refuse, error, done, busy };
}

/** Now as a `datetime-local` input's value, in Asia/Shanghai (the brigade's days). */
export function nowLocal(): string {
  const now = Date.now();
  const hm = new Date(now + 8 * 3_600_000).toISOString().slice(11, 16);
  return `${shanghaiDay(now)}T${hm}`;
}

/** A `datetime-local` value read as Asia/Shanghai time, as the API takes it (ISO 8601 with its offset). */
export const instantOf = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : local);
