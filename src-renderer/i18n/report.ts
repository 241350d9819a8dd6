import i18next from 'i18next';
import { isLanguage } from '../../src-main/model/language';
import { api } from '../api';

/**
 * Tells main the language the window shows, now and at every change, so that what main writes
 * (errors, credential states, warnings, notifications) follows it. Returns the unsubscribe.
 */
export function reportLanguageToMain(): () => void {
  const report = (language: string) => {
    if (isLanguage(language)) void api.invoke('ui:language', { language });
  };
  report(i18next.language);
  i18next.on('languageChanged', report);
  return () => i18next.off('languageChanged', report);
}
