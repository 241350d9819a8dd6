import { useState } from 'react';
import type { AppInfo } from '../../src-main/api/contract';
import { isLanguage, type Language } from '../../src-main/model/language';
import { api } from '../api';
import { applyLanguage, useTranslation } from '../i18n';

/** The language setting: follow the system, or one of the catalogs; saved in the workspace. */
export function LanguageSetting({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Language | null>(info.language);
  const choose = (value: string) => {
    const language = isLanguage(value) ? value : null;
    setChosen(language);
    applyLanguage(language, info.locale);
    void api.invoke('settings:language', { language });
  };
  return (
    <label className="language-setting">
      {t('settings.language')}{' '}
      <select value={chosen ?? ''} onChange={(e) => choose(e.target.value)}>
        <option value="">{t('settings.languageSystem')}</option>
        {/* Each language is named in itself, so anyone can find their own. */}
        <option value="en" lang="en">
          {t('settings.languageName.en')}
        </option>
        <option value="de" lang="de">
          {t('settings.languageName.de')}
        </option>
      </select>
    </label>
  );
}
