/** The demo's switches, kept across reloads and redirect-mode round trips. */
export interface DemoSettings {
  user: string;
  secretMode: 'browser' | 'server';
  mode: 'popup' | 'redirect' | 'auto';
  locale: string;
  theme: '' | 'light' | 'dark';
  dir: 'ltr' | 'rtl';
  country: string;
  type: string;
  catalog: 'sandbox' | 'large' | 'broken';
}

const key = 'finsify-demo-settings';
const defaults: DemoSettings = { user: 'alice', secretMode: 'browser', mode: 'popup', locale: '', theme: '', dir: 'ltr', country: '', type: '', catalog: 'sandbox' };

export function loadSettings(): DemoSettings {
  try {
    return { ...defaults, ...(JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<DemoSettings>) };
  } catch {
    return { ...defaults };
  }
}

export function saveSettings(settings: DemoSettings): void {
  localStorage.setItem(key, JSON.stringify(settings));
  // The backend reads who is signed in, and who keeps the secret, from cookies (demo only).
  document.cookie = `demo_user=${encodeURIComponent(settings.user)}; path=/; SameSite=Lax`;
  document.cookie = `demo_secret_mode=${settings.secretMode}; path=/; SameSite=Lax`;
}
