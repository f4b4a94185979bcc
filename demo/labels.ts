/**
 * Readable names for the codes in Finsify's data (`food_and_dining`, `credit_card`). The bank's
 * data follows the language chosen for the widget; the demo's own controls stay English.
 */

/** Vietnamese names of the codes the sandbox (and Finsify) send; other codes fall back to English. */
const vietnamese: Record<string, string> = {
  // Account types.
  current: 'Tài khoản thanh toán',
  saving: 'Tiết kiệm',
  credit_card: 'Thẻ tín dụng',
  // Transaction categories.
  food_and_dining: 'Ăn uống',
  auto_and_transport: 'Đi lại',
  bills_and_utilities: 'Hóa đơn và tiện ích',
  entertainment: 'Giải trí',
  health_and_fitness: 'Sức khỏe và thể thao',
  shopping: 'Mua sắm',
  travel: 'Du lịch',
  income: 'Thu nhập',
  fees_and_charges: 'Phí',
  transfer: 'Chuyển khoản',
};

/** English names that read better than the code spelled out. */
const english: Record<string, string> = {
  current: 'Current account',
  saving: 'Savings',
};

/** `food_and_dining` → "Food and dining": the code itself, spelled as words. */
export function sentenceCase(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? `${words.charAt(0).toUpperCase()}${words.slice(1).toLowerCase()}` : code;
}

/** The name of an account type or transaction category `code` in `locale` (`en`, `vi`, …). */
export function codeLabel(code: string | null | undefined, locale: string): string {
  if (!code) return '—';
  const language = locale.toLowerCase().split('-')[0];
  return (language === 'vi' ? vietnamese[code] : undefined) ?? english[code] ?? sentenceCase(code);
}
