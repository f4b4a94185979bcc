/** A place people spend money, with a typical amount range in US dollars (scaled per currency). */
export interface Merchant {
  name: string;
  category: string;
  min: number;
  max: number;
  weight: number;
}

/** How money looks in one country: currency, time zone, amounts, merchants and wording. */
export interface CountryProfile {
  currency: string;
  utcOffsetHours: number;
  /** Local currency units per US dollar, roughly. */
  perDollar: number;
  /** Amounts are whole multiples of this (1000 for VND, 0.01 for SGD). */
  roundTo: number;
  salaryDollars: [number, number];
  employers: readonly string[];
  merchants: readonly Merchant[];
  /** Monthly bills: a biller and its typical amount in dollars. */
  bills: readonly Merchant[];
  city: string;
  /** Language of account names: Vietnamese banks name accounts in Vietnamese. */
  vietnamese?: boolean;
}

const m = (name: string, category: string, min: number, max: number, weight = 1): Merchant => ({ name, category, min, max, weight });

const VN: CountryProfile = {
  currency: 'VND',
  utcOffsetHours: 7,
  perDollar: 25_000,
  roundTo: 1000,
  salaryDollars: [700, 1800],
  employers: ['CONG TY TNHH FPT SOFTWARE', 'CONG TY CP VNG', 'CONG TY TNHH SHOPEE VIET NAM', 'CONG TY CP TIKI', 'CONG TY CP THE GIOI DI DONG'],
  merchants: [
    m('GRAB VN help.grab.com', 'auto_and_transport', 1.5, 8, 4),
    m('UBER VN help.uber.com', 'auto_and_transport', 1.5, 6, 1),
    m('BE GROUP', 'auto_and_transport', 1.2, 5, 2),
    m('PETROLIMEX CHXD SO 12', 'auto_and_transport', 3, 12, 2),
    m('HIGHLANDS COFFEE', 'food_and_dining', 1.5, 4, 4),
    m('PHUC LONG COFFEE AND TEA', 'food_and_dining', 1.5, 4, 3),
    m('THE COFFEE HOUSE', 'food_and_dining', 1.5, 4, 2),
    m('PIZZA 4PS', 'food_and_dining', 12, 40, 1),
    m('GOGI HOUSE', 'food_and_dining', 15, 45, 1),
    m('CIRCLE K VIETNAM', 'food_and_dining', 0.8, 5, 3),
    m('WINMART HA NOI', 'shopping', 8, 60, 3),
    m('CO.OPMART', 'shopping', 8, 55, 2),
    m('SHOPEE VN', 'shopping', 4, 45, 3),
    m('LAZADA VIETNAM', 'shopping', 5, 50, 2),
    m('TIKI.VN', 'shopping', 5, 40, 1),
    m('UNIQLO VIETNAM', 'shopping', 15, 60, 1),
    m('CGV CINEMAS', 'entertainment', 4, 12, 1),
    m('NETFLIX.COM', 'entertainment', 7, 11, 0.5),
    m('NHA THUOC LONG CHAU', 'health_and_fitness', 2, 25, 1),
    m('CALIFORNIA FITNESS', 'health_and_fitness', 25, 45, 0.3),
    m('VIETJET AIR', 'travel', 40, 160, 0.3),
  ],
  bills: [
    m('EVN HA NOI TIEN DIEN', 'bills_and_utilities', 20, 60),
    m('VIETTEL CUOC DI DONG', 'bills_and_utilities', 4, 12),
    m('FPT TELECOM INTERNET', 'bills_and_utilities', 8, 12),
  ],
  city: 'HA NOI',
  vietnamese: true,
};

const MY: CountryProfile = {
  currency: 'MYR',
  utcOffsetHours: 8,
  perDollar: 4.6,
  roundTo: 0.01,
  salaryDollars: [800, 1700],
  employers: ['PETRONAS DIGITAL SDN BHD', 'GRAB MALAYSIA SDN BHD', 'MAXIS BROADBAND SDN BHD', 'AXIATA DIGITAL SDN BHD'],
  merchants: [
    m('GRAB RIDES', 'auto_and_transport', 2, 9, 3),
    m('PETRONAS SS2', 'auto_and_transport', 10, 25, 2),
    m('SHELL DAMANSARA', 'auto_and_transport', 10, 25, 1),
    m('TOUCH N GO RELOAD', 'auto_and_transport', 5, 20, 2),
    m('OLDTOWN WHITE COFFEE', 'food_and_dining', 3, 9, 3),
    m('STARBUCKS MID VALLEY', 'food_and_dining', 4, 8, 2),
    m('MAMAK NASI KANDAR PELITA', 'food_and_dining', 2, 6, 3),
    m('99 SPEEDMART', 'shopping', 2, 15, 3),
    m('JAYA GROCER', 'shopping', 10, 60, 2),
    m('MYDIN', 'shopping', 8, 50, 1),
    m('SHOPEE MALAYSIA', 'shopping', 4, 40, 2),
    m('LAZADA MY', 'shopping', 5, 45, 1),
    m('GSC CINEMAS', 'entertainment', 4, 10, 1),
    m('GUARDIAN PHARMACY', 'health_and_fitness', 3, 20, 1),
    m('AIRASIA BERHAD', 'travel', 30, 150, 0.3),
  ],
  bills: [m('TNB BILL PAYMENT', 'bills_and_utilities', 20, 60), m('UNIFI TM BILL', 'bills_and_utilities', 20, 35), m('SYABAS AIR', 'bills_and_utilities', 4, 10)],
  city: 'KUALA LUMPUR',
};

const SG: CountryProfile = {
  currency: 'SGD',
  utcOffsetHours: 8,
  perDollar: 1.35,
  roundTo: 0.01,
  salaryDollars: [3500, 7500],
  employers: ['SEA LIMITED', 'GRAB HOLDINGS PTE LTD', 'SINGTEL GROUP', 'SHOPEE SINGAPORE PTE LTD'],
  merchants: [
    m('BUS/MRT SIMPLYGO', 'auto_and_transport', 1, 3, 4),
    m('COMFORTDELGRO TAXI', 'auto_and_transport', 8, 25, 1),
    m('GRAB SG', 'auto_and_transport', 6, 20, 2),
    m('KOPITIAM', 'food_and_dining', 3, 8, 4),
    m('TOAST BOX', 'food_and_dining', 3, 7, 2),
    m('YA KUN KAYA TOAST', 'food_and_dining', 3, 7, 2),
    m('NTUC FAIRPRICE', 'shopping', 10, 80, 3),
    m('COLD STORAGE', 'shopping', 10, 70, 1),
    m('SHOPEE SINGAPORE', 'shopping', 5, 50, 2),
    m('UNIQLO ION ORCHARD', 'shopping', 15, 80, 1),
    m('GOLDEN VILLAGE', 'entertainment', 10, 15, 1),
    m('GUARDIAN HEALTH', 'health_and_fitness', 5, 30, 1),
    m('SINGAPORE AIRLINES', 'travel', 150, 600, 0.2),
  ],
  bills: [m('SP GROUP UTILITIES', 'bills_and_utilities', 60, 140), m('SINGTEL MOBILE', 'bills_and_utilities', 20, 45), m('STARHUB BROADBAND', 'bills_and_utilities', 25, 40)],
  city: 'SINGAPORE',
};

const TH: CountryProfile = {
  currency: 'THB',
  utcOffsetHours: 7,
  perDollar: 36,
  roundTo: 0.01,
  salaryDollars: [700, 1800],
  employers: ['TRUE CORPORATION PCL', 'CP ALL PCL', 'AGODA SERVICES CO LTD', 'LINE MAN WONGNAI'],
  merchants: [
    m('BTS SKYTRAIN', 'auto_and_transport', 0.5, 2, 4),
    m('GRAB TH', 'auto_and_transport', 2, 8, 2),
    m('PTT STATION', 'auto_and_transport', 10, 30, 1),
    m('7-ELEVEN', 'food_and_dining', 0.5, 5, 5),
    m('CAFE AMAZON', 'food_and_dining', 1.5, 3, 3),
    m('MK RESTAURANTS', 'food_and_dining', 10, 30, 1),
    m('LOTUSS', 'shopping', 8, 60, 2),
    m('BIG C SUPERCENTER', 'shopping', 8, 60, 2),
    m('CENTRAL WORLD', 'shopping', 15, 120, 1),
    m('SHOPEE TH', 'shopping', 4, 40, 2),
    m('MAJOR CINEPLEX', 'entertainment', 5, 10, 1),
    m('BOOTS PHARMACY', 'health_and_fitness', 3, 20, 1),
  ],
  bills: [m('MEA ELECTRICITY', 'bills_and_utilities', 25, 70), m('AIS MOBILE', 'bills_and_utilities', 10, 25), m('TRUE ONLINE', 'bills_and_utilities', 15, 25)],
  city: 'BANGKOK',
};

const ID: CountryProfile = {
  currency: 'IDR',
  utcOffsetHours: 7,
  perDollar: 16_000,
  roundTo: 100,
  salaryDollars: [450, 1200],
  employers: ['PT GOTO GOJEK TOKOPEDIA', 'PT TELKOM INDONESIA', 'PT BUKALAPAK.COM', 'PT TRAVELOKA INDONESIA'],
  merchants: [
    m('GOJEK GORIDE', 'auto_and_transport', 1, 4, 4),
    m('GRAB ID', 'auto_and_transport', 1, 5, 2),
    m('PERTAMINA SPBU', 'auto_and_transport', 3, 15, 2),
    m('INDOMARET', 'food_and_dining', 1, 8, 4),
    m('ALFAMART', 'food_and_dining', 1, 8, 3),
    m('KOPI KENANGAN', 'food_and_dining', 1.5, 3, 3),
    m('GOFOOD', 'food_and_dining', 3, 10, 3),
    m('TOKOPEDIA', 'shopping', 4, 50, 2),
    m('SHOPEE ID', 'shopping', 3, 40, 2),
    m('SUPERINDO', 'shopping', 8, 50, 1),
    m('CGV INDONESIA', 'entertainment', 3, 6, 1),
    m('KIMIA FARMA APOTEK', 'health_and_fitness', 2, 15, 1),
  ],
  bills: [m('PLN TOKEN LISTRIK', 'bills_and_utilities', 10, 35), m('TELKOMSEL PULSA', 'bills_and_utilities', 3, 10), m('INDIHOME', 'bills_and_utilities', 18, 30)],
  city: 'JAKARTA',
};

const PH: CountryProfile = {
  currency: 'PHP',
  utcOffsetHours: 8,
  perDollar: 57,
  roundTo: 0.01,
  salaryDollars: [500, 1500],
  employers: ['ACCENTURE INC', 'GLOBE TELECOM INC', 'AYALA CORPORATION', 'CONCENTRIX CVG PH'],
  merchants: [
    m('GRAB PH', 'auto_and_transport', 2, 8, 3),
    m('PETRON SERVICE STATION', 'auto_and_transport', 10, 30, 2),
    m('BEEP CARD RELOAD', 'auto_and_transport', 2, 6, 2),
    m('JOLLIBEE', 'food_and_dining', 2, 8, 4),
    m('STARBUCKS BGC', 'food_and_dining', 3, 6, 2),
    m('MINISTOP', 'food_and_dining', 1, 5, 3),
    m('SM SUPERMARKET', 'shopping', 10, 60, 3),
    m('PUREGOLD', 'shopping', 8, 50, 2),
    m('LAZADA PH', 'shopping', 4, 45, 2),
    m('SM CINEMA', 'entertainment', 4, 8, 1),
    m('MERCURY DRUG', 'health_and_fitness', 3, 20, 1),
    m('CEBU PACIFIC AIR', 'travel', 40, 180, 0.3),
  ],
  bills: [m('MERALCO', 'bills_and_utilities', 40, 100), m('GLOBE POSTPAID', 'bills_and_utilities', 15, 35), m('PLDT HOME FIBER', 'bills_and_utilities', 25, 40)],
  city: 'MANILA',
};

const PROFILES: Record<string, CountryProfile> = { VN, MY, SG, TH, ID, PH };

/** The profile of a country code; unknown countries borrow Singapore's (in its currency). */
export function countryProfile(countryCode: string): CountryProfile {
  return PROFILES[countryCode] ?? SG;
}

/** Dollars in local currency, rounded the local way. */
export function localAmount(profile: CountryProfile, dollars: number): number {
  const raw = dollars * profile.perDollar;
  return Math.round(raw / profile.roundTo) * profile.roundTo;
}

/** `-61299` as `"-61299.00"`, the spec's format. */
export function decimal(amount: number): string {
  return (Math.round(amount * 100) / 100).toFixed(2);
}
