import type { AccountRecord, TransactionRecord } from '../store.js';
import { countryProfile, decimal, localAmount, type CountryProfile, type Merchant } from './countries.js';
import { addDays, dayMonthYear } from './dates.js';
import type { Dice } from './random.js';

/** What stays the same across one login's transactions: its bank, its card, its employer and pay. */
export interface Persona {
  slug: string;
  profile: CountryProfile;
  cardLast4: string;
  employer: string;
  /** Monthly salary in local currency. */
  salary: number;
  /** A wallet is topped up from a bank account now and then. */
  wallet: boolean;
}

export function createPersona(slug: string, countryCode: string, wallet: boolean, dice: Dice): Persona {
  const profile = countryProfile(countryCode);
  const [low, high] = profile.salaryDollars;
  return {
    slug,
    profile,
    cardLast4: dice.digits(4),
    employer: dice.pick(profile.employers),
    salary: localAmount(profile, dice.real(low, high)),
    wallet,
  };
}

type Kind = 'spend' | 'salary' | 'bill' | 'fee' | 'saving_in' | 'interest' | 'card_payment' | 'top_up';

/** Builds transactions that read like a real statement of one persona's accounts. */
export class TransactionFactory {
  constructor(
    readonly persona: Persona,
    readonly dice: Dice,
    readonly nextId: () => number,
  ) {}

  /** Every transaction of `account` from `from` to `to` (dates included). */
  history(account: AccountRecord, from: string, to: string): TransactionRecord[] {
    const out: TransactionRecord[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) out.push(...this.day(account, date));
    return out;
  }

  /** `count` everyday transactions on `date` (what a refresh finds). */
  fresh(account: AccountRecord, date: string, count: number): TransactionRecord[] {
    return Array.from({ length: count }, () => this.#make(account, date, account.type === 'saving' ? 'saving_in' : 'spend'));
  }

  day(account: AccountRecord, date: string): TransactionRecord[] {
    const dom = Number(date.slice(8, 10));
    const kinds: Kind[] = [];
    const { dice } = this;
    if (account.type === 'saving') {
      if (dom === 26) kinds.push('saving_in');
      if (dom === 1) kinds.push('interest');
    } else if (account.type === 'credit_card') {
      if (dom === 15) kinds.push('card_payment');
      const spends = dice.weighted([{ n: 0, weight: 55 }, { n: 1, weight: 30 }, { n: 2, weight: 15 }]).n;
      for (let i = 0; i < spends; i += 1) kinds.push('spend');
    } else {
      if (this.persona.wallet) {
        if (dom % 7 === 3) kinds.push('top_up');
      } else {
        if (dom === 25) kinds.push('salary');
        if (dom === 5) kinds.push('bill', 'bill');
        if (dom === 28) kinds.push('fee');
      }
      const spends = dice.weighted([{ n: 0, weight: 35 }, { n: 1, weight: 35 }, { n: 2, weight: 20 }, { n: 3, weight: 10 }]).n;
      for (let i = 0; i < spends; i += 1) kinds.push('spend');
    }
    return kinds.map((kind) => this.#make(account, date, kind));
  }

  #make(account: AccountRecord, date: string, kind: Kind): TransactionRecord {
    const { profile } = this.persona;
    const [amount, description, category] = this.#describe(kind, date);
    return {
      id: this.nextId(),
      original_id: `${this.persona.slug}-${this.dice.hex(32)}`,
      date,
      amount: decimal(amount),
      currency: account.currency || profile.currency,
      description,
      category,
      meta: null,
    };
  }

  #describe(kind: Kind, date: string): [number, string, string] {
    const { profile, employer, salary, cardLast4 } = this.persona;
    const { dice } = this;
    const vn = profile.vietnamese === true;
    const [year, month] = date.split('-');
    const amountOf = (merchant: Merchant): number => localAmount(profile, dice.real(merchant.min, merchant.max));
    switch (kind) {
      case 'salary':
        return [salary, vn ? `${employer} TRA LUONG THANG ${month}/${year}` : `SALARY CREDIT ${employer} ${month}/${year}`, 'income'];
      case 'bill': {
        const bill = dice.pick(profile.bills);
        const text = vn ? `THANH TOAN HOA DON ${bill.name} MA KH PD${dice.digits(10)}` : `BILL PAYMENT ${bill.name} REF ${dice.digits(10)}`;
        return [-amountOf(bill), text, bill.category];
      }
      case 'fee':
        return [-localAmount(profile, 0.45), vn ? `PHI DICH VU SMS BANKING THANG ${month}/${year}` : 'MONTHLY ACCOUNT SERVICE FEE', 'fees_and_charges'];
      case 'saving_in': {
        const amount = Math.max(localAmount(profile, 20), Math.round((salary * dice.real(0.08, 0.2)) / profile.roundTo) * profile.roundTo);
        return [amount, vn ? `CHUYEN TIEN TIET KIEM TU TK THANH TOAN` : 'TRANSFER FROM CURRENT ACCOUNT', 'transfer'];
      }
      case 'interest':
        return [localAmount(profile, dice.real(2, 12)), vn ? 'TRA LAI TIEN GUI TIET KIEM' : 'INTEREST CREDIT', 'income'];
      case 'card_payment':
        return [localAmount(profile, dice.real(150, 600)), vn ? 'THANH TOAN DU NO THE TIN DUNG - CAM ON QUY KHACH' : 'PAYMENT RECEIVED - THANK YOU', 'transfer'];
      case 'top_up':
        return [localAmount(profile, dice.pick([10, 20, 30, 50])), vn ? 'NAP TIEN VAO VI TU TAI KHOAN NGAN HANG' : 'WALLET TOP UP FROM BANK ACCOUNT', 'transfer'];
      case 'spend': {
        const merchant = dice.weighted(profile.merchants);
        if (this.persona.wallet) {
          const ref = dice.digits(10);
          return [-amountOf(merchant), vn ? `Thanh toan cho ${merchant.name} - Ma GD ${ref}` : `Payment to ${merchant.name} - Ref ${ref}`, merchant.category];
        }
        const text = vn
          ? `GD THE QUA POS SO THE 422149...${cardLast4} NGAY ${dayMonthYear(date)} TAI ${merchant.name} APPCODE ${dice.digits(6)} TID / FT${year!.slice(2)}${dice.digits(12)}`
          : `POS PURCHASE ${merchant.name} ${profile.city} CARD XXXX${cardLast4} REF ${dice.digits(8)}`;
        return [-amountOf(merchant), text, merchant.category];
      }
    }
  }
}
