import { useCallback, useSyncExternalStore } from 'react';
import { en } from './l10n/en.ts';
import { type MessageKey, zhCN } from './l10n/zh-CN.ts';

export type { MessageKey } from './l10n/zh-CN.ts';
export type Lang = 'zh' | 'en';
/** Values for a message's `{name}` places. */
export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

// Simplified Chinese first; English for visitors and developers.
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };
const listeners = new Set<() => void>();
let lang: Lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem('lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const l of listeners) l();
}

/** A message with its `{name}` places filled; a place without a value stays as written. */
export function translate(language: Lang, key: MessageKey, values?: MessageValues): string {
  const text = dictionaries[language][key];
  return values ? text.replace(/\{(\w+)\}/g, (place, name: string) => (name in values ? String(values[name]) : place)) : text;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
};

/** The current language's translate function; re-renders when the language changes. */
export function useT() {
  const current = useSyncExternalStore(subscribe, () => lang);
  // Stable per language, so that what is memoised on `t` (chart labels) is not redone on every render.
  const t: Translate = useCallback((key, values) => translate(current, key, values), [current]);
  return { t, lang: current, toggle: () => setLang(current === 'zh' ? 'en' : 'zh') };
}
