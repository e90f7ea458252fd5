// What the app says of a write the server refused because someone else acted first (issue 18; R18, R20):
// who did what, when, and the state the case is in now — and the text the worker typed, kept on the phone.
import { INCIDENT_LABELS } from '../../../shared/incidents/machine.ts';
import type { Entry } from '../../field/queue.ts';
import type { Lang, Translate } from '../../platform/i18n.ts';

type Label = keyof typeof INCIDENT_LABELS;
const label = (key: string | undefined, lang: Lang) => (key && key in INCIDENT_LABELS ? INCIDENT_LABELS[key as Label][lang] : (key ?? '—'));
const when = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';

/** The explanation of a conflicting entry, in the page's language; null when the server said nothing more. */
export function explainConflict(e: Entry, t: Translate, lang: Lang): string | null {
  if (e.state !== 'conflict') return null;
  const said = e.said ?? {};
  // "by": who acted last, the action and when (`name action iso`), as the server's 409 tells it.
  const by = said.by?.split(' ') ?? [];
  const [who, did, at] = [by.slice(0, -2).join(' ') || by[0], by.at(-2), by.at(-1)];
  const action = e.kind === 'check' ? t('field.cases.check') : label((e.body as { action?: string } | undefined)?.action, lang);
  if (e.code === 'no_rectification' && said.state)
    return t('field.conflict.checked', { by: who ?? '—', at: when(at), state: t(`field.cases.rect.${said.state as 'passed'}`) });
  if (said.state && by.length >= 3)
    return t('field.conflict.byOther', { action, by: who ?? '—', at: when(at), what: label(did, lang), state: label(said.state, lang) });
  if (said.state) return t('field.conflict.state', { action, state: label(said.state, lang) });
  return null;
}

/** What the worker typed into an entry (a result, a note, content…), shown while it is not on the server. */
export function typedText(e: Entry): string {
  const b = (e.body ?? {}) as Record<string, unknown>;
  return ['responsibleParty', 'content', 'result', 'handling', 'description', 'note']
    .map((k) => b[k])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .join(' · ');
}
