import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { oneOf, persisted } from '../stores/persisted';
import * as cloud from './locales/cloud';
import * as common from './locales/common';
import * as device from './locales/device';
import * as mqtt from './locales/mqtt';

export const LANGUAGES = [
  { code: 'zh', label: '中文' },
  { code: 'en', label: 'English' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

const savedLanguage = persisted<Language | null>('qpy.language', null, oneOf('zh', 'en'));

/** Each area's strings live in their own namespace file; add a namespace here when an area adds one. */
const resources = {
  en: { common: common.en, device: device.en, cloud: cloud.en, mqtt: mqtt.en },
  zh: { common: common.zh, device: device.zh, cloud: cloud.zh, mqtt: mqtt.zh },
};

/** The remembered choice, else the system language: Chinese for any zh-*, English otherwise. */
const initialLanguage = (): Language => {
  const saved = savedLanguage.read();
  if (saved) return saved;
  const system = globalThis.navigator?.language ?? 'en';
  return system.toLowerCase().startsWith('zh') ? 'zh' : 'en';
};

export const setLanguage = async (language: Language): Promise<void> => {
  savedLanguage.write(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
};

export const initI18n = (language: Language = initialLanguage()) => {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: Object.keys(resources.en),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (typeof document !== 'undefined') document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  return i18next;
};

export { i18next };
