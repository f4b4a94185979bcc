import { accessibleOn, isRedHue, standOutFrom, textColorOn } from './color.js';

/** The two colour schemes of the connect pages. */
export type ColorScheme = 'light' | 'dark';

/** The card surface the brand colours are drawn on, per scheme. */
export const SURFACE: Readonly<Record<ColorScheme, string>> = { light: '#ffffff', dark: '#1f2937' };

/** Errors keep their own red (with an icon and a title, never colour alone); no button takes it. */
export const ERROR_COLORS: Readonly<Record<ColorScheme, { text: string; background: string }>> = {
  light: { text: '#b91c1c', background: '#fef2f2' },
  dark: { text: '#fca5a5', background: '#3b0d0d' },
};

/** The main button of a red brand: a neutral that cannot be taken for an error. */
const NEUTRAL_BUTTON: Readonly<Record<ColorScheme, string>> = { light: '#1f2937', dark: '#e5e7eb' };
/** Outlines, links and focus rings of a red brand. */
const NEUTRAL_ACCENT: Readonly<Record<ColorScheme, string>> = { light: '#374151', dark: '#d1d5db' };

/** The colours a connect page draws from one brand colour. */
export interface BrandColors {
  /** The header band: the brand colour itself, so the bank is recognised. */
  header: string;
  onHeader: string;
  /** The main button's background. */
  button: string;
  onButton: string;
  /** The main button's outline: its background, or a shade of it that stands out from the card at 3:1. */
  buttonBorder: string;
  /** Text-sized brand colour on the surface: the secondary button and the focus ring. */
  accent: string;
}

/**
 * The page colours for `primary` (`#rrggbb`) in one scheme. Text on the header and on the button
 * follow the same rule (black or white, whichever contrasts more: always 4.5:1 or more). The button
 * is the brand colour (lightened on the dark card until it stands out at 3:1, as a navy button
 * would sink into it; on the light card a pale brand keeps its colour and gets a darker outline).
 * A red brand keeps its red for the header only: a red main button reads as an error or a
 * destructive action.
 */
export function brandColors(primary: string, scheme: ColorScheme): BrandColors {
  const surface = SURFACE[scheme];
  const red = isRedHue(primary);
  const button = red ? NEUTRAL_BUTTON[scheme] : scheme === 'dark' ? standOutFrom(primary, surface, 3) : primary;
  return {
    header: primary,
    onHeader: textColorOn(primary),
    button,
    onButton: textColorOn(button),
    buttonBorder: standOutFrom(button, surface, 3),
    accent: red ? NEUTRAL_ACCENT[scheme] : accessibleOn(primary, surface),
  };
}
