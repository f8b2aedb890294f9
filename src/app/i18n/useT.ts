import { useCallback } from 'react';
import { useAppStore } from '../store/index.ts';
import { selectLang } from '../store/selectors.ts';
import { translate, type MessageKey } from './index.ts';

/** The translate function for the current language. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const lang = useAppStore(selectLang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}
