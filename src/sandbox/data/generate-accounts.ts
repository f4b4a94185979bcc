import type { AccountRecord } from '../store.js';
import { decimal, localAmount } from './countries.js';
import type { Persona } from './generate-transactions.js';
import type { Dice } from './random.js';
import type { ServiceSeed } from './services.js';

/**
 * The accounts a new login finds: a bank has a current, a saving and a credit-card account; a
 * statement or a wallet has one account. Balances follow the persona's salary.
 */
export function generateAccounts(
  seed: ServiceSeed,
  persona: Persona,
  loginId: number,
  dice: Dice,
  nextId: () => number,
): AccountRecord[] {
  const { profile, salary, cardLast4 } = persona;
  const vn = profile.vietnamese === true;
  const hasBalance = seed.hasBalance ?? true;
  const account = (type: AccountRecord['type'], name: string, balance: number): AccountRecord => ({
    id: nextId(),
    original_id: `${seed.slug}-${dice.hex(16)}`,
    login_id: loginId,
    name,
    balance: hasBalance ? decimal(balance) : null,
    currency: profile.currency,
    type,
  });
  const round = (amount: number): number => Math.round(amount / profile.roundTo) * profile.roundTo;
  const number = `${dice.digits(4)}${dice.digits(4)}`;

  if (seed.type === 'other') {
    return [account('current', `${seed.name} Wallet`, localAmount(profile, dice.real(5, 120)))];
  }
  if (seed.type === 'statement') {
    return [account('current', vn ? `Sao kê tài khoản ${number}` : `Statement account ${number}`, round(salary * dice.real(0.3, 2.5)))];
  }
  return [
    account('current', vn ? `Tài khoản thanh toán ${number}` : `Everyday Account ${number}`, round(salary * dice.real(0.4, 2.2))),
    account('saving', vn ? 'Tiết kiệm có kỳ hạn 12 tháng' : 'Savings Account', round(salary * dice.real(3, 14))),
    account('credit_card', vn ? `Thẻ tín dụng Visa Platinum ...${cardLast4}` : `Visa Platinum Credit Card ...${cardLast4}`, -round(salary * dice.real(0.05, 0.5))),
  ];
}
