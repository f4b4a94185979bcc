import type { CallToAction, Service } from '../../catalog/types.js';

/** What the sandbox knows of one service; `sampleServices` turns it into a catalog entry. */
export interface ServiceSeed {
  id: number;
  /** File-name stem of its media: lower-case letters, digits and `_` only. */
  slug: string;
  name: string;
  type: 'bank' | 'statement' | 'other';
  country: string;
  /** Brand colours as the spec writes them: hex without `#`. */
  primary: string;
  secondary: string | null;
  /** Up to four characters drawn on its logo and cover. */
  mark: string;
  /**
   * False for the few services whose logo file is missing: the catalog still names one (the spec's
   * `logo_file_name` is a string), and it answers 404, so pickers show their fallback (initials).
   */
  logo?: boolean;
  hasBalance?: boolean;
  cta?: CallToAction;
}

const register = (url: string): CallToAction => ({ prompt: 'No account yet?', text: 'Register now!', url });

/** Ids are stable: tests, the demo and partners' fixtures may refer to them (AmBank is 67 as in the spec). */
export const SERVICE_SEEDS: readonly ServiceSeed[] = [
  // Viet Nam: banks
  { id: 1, slug: 'vietcombank', name: 'Vietcombank', type: 'bank', country: 'VN', primary: '00703C', secondary: '8DC63F', mark: 'VCB', cta: register('https://www.vietcombank.com.vn/') },
  { id: 8, slug: 'techcombank', name: 'Techcombank', type: 'bank', country: 'VN', primary: 'ED1C24', secondary: '231F20', mark: 'TCB' },
  { id: 3, slug: 'bidv', name: 'BIDV', type: 'bank', country: 'VN', primary: '006B68', secondary: 'FFC20E', mark: 'BIDV' },
  { id: 4, slug: 'vietinbank', name: 'VietinBank', type: 'bank', country: 'VN', primary: '005993', secondary: 'ED1C24', mark: 'VTB' },
  { id: 5, slug: 'acb', name: 'Ngân hàng Á Châu (ACB)', type: 'bank', country: 'VN', primary: '0B4EA2', secondary: '00A1E4', mark: 'ACB' },
  { id: 6, slug: 'mb_bank', name: 'MB Bank', type: 'bank', country: 'VN', primary: '141ED2', secondary: 'E31B23', mark: 'MB', cta: register('https://www.mbbank.com.vn/') },
  { id: 7, slug: 'vpbank', name: 'VPBank', type: 'bank', country: 'VN', primary: '00B74F', secondary: 'E21F26', mark: 'VPB' },
  { id: 2, slug: 'tpbank', name: 'TPBank', type: 'bank', country: 'VN', primary: '5E2E86', secondary: 'F7941D', mark: 'TPB' },
  { id: 9, slug: 'sacombank', name: 'Sacombank', type: 'bank', country: 'VN', primary: '0066B3', secondary: 'F37021', mark: 'STB' },
  { id: 10, slug: 'dong_a_bank', name: 'Đông Á Bank', type: 'bank', country: 'VN', primary: 'F47920', secondary: '005BAA', mark: 'DAB', logo: false },
  { id: 11, slug: 'agribank', name: 'Agribank', type: 'bank', country: 'VN', primary: 'AE1C3F', secondary: '00833E', mark: 'AGR' },
  { id: 12, slug: 'hdbank', name: 'HDBank', type: 'bank', country: 'VN', primary: 'E41E26', secondary: 'FFD200', mark: 'HDB' },
  { id: 13, slug: 'vib', name: 'VIB', type: 'bank', country: 'VN', primary: '0066B3', secondary: 'F7A600', mark: 'VIB' },
  { id: 14, slug: 'shb', name: 'SHB', type: 'bank', country: 'VN', primary: 'F47B20', secondary: '1C4E9D', mark: 'SHB' },
  { id: 15, slug: 'eximbank', name: 'Eximbank', type: 'bank', country: 'VN', primary: '0A4C94', secondary: 'F18D00', mark: 'EIB' },
  { id: 16, slug: 'nam_a_bank', name: 'Ngân hàng Nam Á', type: 'bank', country: 'VN', primary: '00377A', secondary: 'F58220', mark: 'NAB', logo: false },
  { id: 17, slug: 'ban_viet_bank', name: 'Ngân hàng Bản Việt', type: 'bank', country: 'VN', primary: '003B71', secondary: 'E4A423', mark: 'BVB' },
  // Viet Nam: statements and wallets
  { id: 18, slug: 'vietcombank_statement', name: 'Vietcombank Statement', type: 'statement', country: 'VN', primary: '00703C', secondary: '8DC63F', mark: 'VCB', hasBalance: false },
  { id: 19, slug: 'techcombank_statement', name: 'Techcombank Statement', type: 'statement', country: 'VN', primary: 'ED1C24', secondary: '231F20', mark: 'TCB', hasBalance: false },
  { id: 20, slug: 'acb_statement', name: 'Sao kê ACB', type: 'statement', country: 'VN', primary: '0B4EA2', secondary: null, mark: 'ACB', hasBalance: false, logo: false },
  { id: 21, slug: 'momo', name: 'MoMo', type: 'other', country: 'VN', primary: 'A50064', secondary: 'D82D8B', mark: 'MoMo', cta: { prompt: 'Chưa có ví MoMo?', text: 'Đăng ký ngay', url: 'https://momo.vn/' } },
  { id: 22, slug: 'zalopay', name: 'ZaloPay', type: 'other', country: 'VN', primary: '0068FF', secondary: '00CF6A', mark: 'ZP' },
  { id: 23, slug: 'shopeepay_vn', name: 'ShopeePay', type: 'other', country: 'VN', primary: 'EE4D2D', secondary: 'FFFFFF', mark: 'SP', hasBalance: false },
  { id: 24, slug: 'viettel_money', name: 'Viettel Money', type: 'other', country: 'VN', primary: 'EE0033', secondary: '00A19A', mark: 'VTM' },
  // Malaysia
  { id: 60, slug: 'maybank', name: 'Maybank', type: 'bank', country: 'MY', primary: 'FFC83D', secondary: '000000', mark: 'MBB', cta: register('https://www.maybank2u.com.my/') },
  { id: 61, slug: 'cimb', name: 'CIMB Bank', type: 'bank', country: 'MY', primary: 'EC1D25', secondary: '7E1416', mark: 'CIMB' },
  { id: 62, slug: 'public_bank', name: 'Public Bank', type: 'bank', country: 'MY', primary: 'E31837', secondary: '231F20', mark: 'PBB' },
  { id: 63, slug: 'rhb', name: 'RHB Bank', type: 'bank', country: 'MY', primary: '0067B1', secondary: '00A3E0', mark: 'RHB' },
  { id: 64, slug: 'hong_leong_bank', name: 'Hong Leong Bank', type: 'bank', country: 'MY', primary: '002F6C', secondary: 'E31B23', mark: 'HLB' },
  { id: 65, slug: 'bank_islam', name: 'Bank Islam', type: 'bank', country: 'MY', primary: 'C8102E', secondary: '5C2D91', mark: 'BIMB', logo: false },
  { id: 66, slug: 'alliance_bank', name: 'Alliance Bank', type: 'bank', country: 'MY', primary: '0B2265', secondary: 'E4002B', mark: 'ABM' },
  { id: 67, slug: 'ambank', name: 'AmBank', type: 'bank', country: 'MY', primary: 'ED1B24', secondary: 'FEF200', mark: 'Am' },
  { id: 68, slug: 'maybank_statement', name: 'Maybank Statement', type: 'statement', country: 'MY', primary: 'FFC83D', secondary: '000000', mark: 'MBB', hasBalance: false },
  { id: 69, slug: 'touch_n_go', name: "Touch 'n Go eWallet", type: 'other', country: 'MY', primary: '005ABB', secondary: 'FFD100', mark: 'TnG', cta: { prompt: 'New to Touch \u2019n Go?', text: 'Get the app', url: 'https://www.touchngo.com.my/' } },
  { id: 70, slug: 'grabpay_my', name: 'GrabPay', type: 'other', country: 'MY', primary: '00B14F', secondary: '005339', mark: 'Grab' },
  { id: 71, slug: 'boost', name: 'Boost', type: 'other', country: 'MY', primary: 'EE2E24', secondary: null, mark: 'B', hasBalance: false },
  // Singapore
  { id: 100, slug: 'dbs', name: 'DBS Bank', type: 'bank', country: 'SG', primary: 'FF3333', secondary: '231F20', mark: 'DBS' },
  { id: 101, slug: 'posb', name: 'POSB', type: 'bank', country: 'SG', primary: '00448B', secondary: 'F9A01B', mark: 'POSB' },
  { id: 102, slug: 'ocbc', name: 'OCBC Bank', type: 'bank', country: 'SG', primary: 'E30613', secondary: '58595B', mark: 'OCBC', cta: register('https://www.ocbc.com/') },
  { id: 103, slug: 'uob', name: 'UOB', type: 'bank', country: 'SG', primary: '005EB8', secondary: 'ED1C24', mark: 'UOB' },
  { id: 104, slug: 'standard_chartered_sg', name: 'Standard Chartered Singapore', type: 'bank', country: 'SG', primary: '0072AA', secondary: '38D200', mark: 'SC' },
  { id: 105, slug: 'grabpay_sg', name: 'GrabPay', type: 'other', country: 'SG', primary: '00B14F', secondary: '005339', mark: 'Grab', logo: false },
  // Thailand
  { id: 130, slug: 'bangkok_bank', name: 'Bangkok Bank', type: 'bank', country: 'TH', primary: '1E4598', secondary: '00A1DE', mark: 'BBL' },
  { id: 131, slug: 'kasikornbank', name: 'Kasikornbank', type: 'bank', country: 'TH', primary: '138F2D', secondary: 'FFFFFF', mark: 'KBank' },
  { id: 132, slug: 'scb', name: 'Siam Commercial Bank', type: 'bank', country: 'TH', primary: '4E2E7F', secondary: 'D4AF37', mark: 'SCB' },
  { id: 133, slug: 'krungthai', name: 'Krungthai Bank', type: 'bank', country: 'TH', primary: '00A6E6', secondary: '1B3F8B', mark: 'KTB' },
  { id: 134, slug: 'truemoney', name: 'TrueMoney Wallet', type: 'other', country: 'TH', primary: 'FF8300', secondary: 'E1251B', mark: 'TMN' },
  // Indonesia
  { id: 160, slug: 'bca', name: 'Bank Central Asia (BCA)', type: 'bank', country: 'ID', primary: '0060AF', secondary: 'FFFFFF', mark: 'BCA' },
  { id: 161, slug: 'mandiri', name: 'Bank Mandiri', type: 'bank', country: 'ID', primary: '003D79', secondary: 'FFB700', mark: 'MDR' },
  { id: 162, slug: 'bni', name: 'BNI', type: 'bank', country: 'ID', primary: 'F15A23', secondary: '005E6A', mark: 'BNI' },
  { id: 163, slug: 'bri', name: 'Bank Rakyat Indonesia (BRI)', type: 'bank', country: 'ID', primary: '00529C', secondary: 'F37021', mark: 'BRI' },
  { id: 164, slug: 'gopay', name: 'GoPay', type: 'other', country: 'ID', primary: '00AED6', secondary: '00AA13', mark: 'Go' },
  { id: 165, slug: 'ovo', name: 'OVO', type: 'other', country: 'ID', primary: '4C3494', secondary: null, mark: 'OVO', hasBalance: false },
  // Philippines
  { id: 190, slug: 'bdo', name: 'BDO Unibank', type: 'bank', country: 'PH', primary: '0033A0', secondary: 'FDB813', mark: 'BDO' },
  { id: 191, slug: 'bpi', name: 'BPI', type: 'bank', country: 'PH', primary: 'B11116', secondary: 'E5A823', mark: 'BPI' },
  { id: 192, slug: 'metrobank', name: 'Metrobank', type: 'bank', country: 'PH', primary: '1B4B9B', secondary: 'D71920', mark: 'MBT' },
  { id: 193, slug: 'bdo_statement', name: 'BDO Credit Card Statement', type: 'statement', country: 'PH', primary: '0033A0', secondary: 'FDB813', mark: 'BDO', hasBalance: false },
  { id: 194, slug: 'gcash', name: 'GCash', type: 'other', country: 'PH', primary: '007DFE', secondary: '0A2757', mark: 'G', cta: register('https://www.gcash.com/') },
];

const byId = new Map(SERVICE_SEEDS.map((seed) => [seed.id, seed]));
const bySlug = new Map(SERVICE_SEEDS.map((seed) => [seed.slug, seed]));

export function seedById(id: number): ServiceSeed | undefined {
  return byId.get(id);
}

export function seedBySlug(slug: string): ServiceSeed | undefined {
  return bySlug.get(slug);
}

/** The catalog entry of one seed, as `/service.json` serves it. */
export function toService(seed: ServiceSeed, mediaPath: string): Service {
  return {
    id: seed.id,
    name: seed.name,
    provider: 'Finsify',
    media_path: mediaPath,
    cover_file_name: `${seed.slug}-cover.svg`,
    logo_file_name: `${seed.slug}-logo.svg`,
    color: { primary: seed.primary, secondary: seed.secondary },
    type: seed.type,
    country_code: seed.country,
    has_balance: seed.hasBalance ?? true,
    call_to_action: seed.cta ?? null,
  };
}

/**
 * The catalog the sandbox serves at `/service.json`: several dozen realistic services in Viet Nam,
 * Malaysia, Singapore, Thailand, Indonesia and the Philippines, of all three types. Entries are in
 * the wire format of the spec ("Structure of a service"): colours are hex without `#` (`"ED1B24"`),
 * as a real catalog sends them. `mediaPath` is the `media_path` of every entry, e.g.
 * `http://127.0.0.1:4010/media/services/`.
 */
export const sampleServices = (mediaPath: string): Service[] => SERVICE_SEEDS.map((seed) => toService(seed, mediaPath));
