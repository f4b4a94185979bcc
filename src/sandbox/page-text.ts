import type { ConnectOutcome } from './credentials.js';
import { Html, markup } from './html.js';
import type { PageLocale } from './page-preferences.js';

/** Every text of the connect pages in one language. Values go through `markup`, so they are escaped. */
export interface PageText {
  stepTerms: string;
  connectTitle(bank: string): string;
  reconnectTitle(bank: string): string;
  /** "<partner> uses Finsify to read your <bank> data…", with the partner's name in bold. */
  termsIntro(partner: string, bank: string): Html;
  readsAccounts: string;
  readsTransactions: string;
  termsLimits(partner: string): string;
  accept: string;
  cancel: string;
  stepSignIn: string;
  signInTitle(bank: string): string;
  signInHint(bank: string): string;
  /** The title of the login error, so it is not told by its colour alone. */
  signInFailed: string;
  wrongCredentials(triesLeft: number): string;
  busy(bank: string): string;
  username: string;
  password: string;
  connect: string;
  reconnect: string;
  /** The title beside the icon of an error page's message. */
  errorLabel: string;
  /** Error page titles by Finsify error name, with a fallback. */
  errorTitle(errorName: string): string;
  /** The message of an error page; `english` is the API's own message. */
  errorMessage(errorName: string, english: string): string;
  startAgain: string;
  credentialsTitle: string;
  credentialsWarning: string;
  credentialsHeaders: [username: string, password: string, outcome: string];
  credentialOutcome(outcome: ConnectOutcome, maxWrong: number): string;
  cancelRow: [what: string, outcome: string];
  footer: string;
}

const EN: PageText = {
  stepTerms: 'Step 1 of 2 · Terms',
  connectTitle: (bank) => `Connect ${bank}`,
  reconnectTitle: (bank) => `Reconnect ${bank}`,
  termsIntro: (partner, bank) => markup`<strong>${partner}</strong> uses Finsify to read your ${bank} data. If you agree, Finsify will be able to read:`,
  readsAccounts: 'the names and balances of your accounts,',
  readsTransactions: 'your transactions of the last six months and new ones as they arrive.',
  termsLimits: (partner) => `Finsify cannot move money. You can disconnect at any time in ${partner}.`,
  accept: 'Accept and continue',
  cancel: 'Cancel',
  stepSignIn: 'Step 2 of 2 · Sign in',
  signInTitle: (bank) => `Sign in to ${bank}`,
  signInHint: (bank) => `Use your ${bank} internet banking username and password.`,
  signInFailed: 'Sign-in failed',
  wrongCredentials: (left) => `Wrong username or password. ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  busy: (bank) => `Connecting to ${bank}… this can take a few seconds.`,
  username: 'Username',
  password: 'Password',
  connect: 'Connect',
  reconnect: 'Reconnect',
  errorLabel: 'Error',
  errorTitle: (name) =>
    ({ TokenExpire: 'This link can no longer be used', ServerMaintenance: 'Down for maintenance', ConnectError: 'We are temporarily offline' })[name] ??
    'Something went wrong',
  errorMessage: (_name, english) => english,
  startAgain: 'Close this window and start again from the app you came from.',
  credentialsTitle: 'Sandbox test credentials',
  credentialsWarning: 'This is the Finsify sandbox: no real bank is contacted. Do not type real credentials.',
  credentialsHeaders: ['Username', 'Password', 'Outcome'],
  credentialOutcome: (outcome, maxWrong) =>
    ({
      success: 'Connects at once: status "success" with login_id and secret.',
      wrong_password: `Shows "wrong username or password"; try again on the same page. After ${maxWrong} wrong tries the flow ends with status "login_wrong_credentials".`,
      login_account_locked: 'The bank says the account is locked: status "login_account_locked".',
      login_password_expired: 'The bank says the password has expired: status "login_password_expired".',
      slow_success: 'A slow bank: waits a few seconds, then connects with status "success".',
    })[outcome],
  cancelRow: ['Cancel button', 'Ends the flow with status "cancel".'],
  footer: 'Finsify Sandbox · an offline stand-in for Finsify API v2',
};

const VI: PageText = {
  stepTerms: 'Bước 1/2 · Điều khoản',
  connectTitle: (bank) => `Kết nối ${bank}`,
  reconnectTitle: (bank) => `Kết nối lại ${bank}`,
  termsIntro: (partner, bank) =>
    markup`<strong>${partner}</strong> dùng Finsify để đọc dữ liệu ${bank} của bạn. Nếu bạn đồng ý, Finsify sẽ được phép đọc:`,
  readsAccounts: 'tên và số dư các tài khoản của bạn,',
  readsTransactions: 'giao dịch trong sáu tháng gần nhất và các giao dịch mới khi phát sinh.',
  termsLimits: (partner) => `Finsify không thể chuyển tiền. Bạn có thể ngắt kết nối bất cứ lúc nào trong ${partner}.`,
  accept: 'Đồng ý và tiếp tục',
  cancel: 'Hủy',
  stepSignIn: 'Bước 2/2 · Đăng nhập',
  signInTitle: (bank) => `Đăng nhập ${bank}`,
  signInHint: (bank) => `Dùng tên đăng nhập và mật khẩu Internet Banking ${bank} của bạn.`,
  signInFailed: 'Đăng nhập không thành công',
  wrongCredentials: (left) => `Sai tên đăng nhập hoặc mật khẩu. Bạn còn ${left} lần thử.`,
  busy: (bank) => `Đang kết nối với ${bank}… việc này có thể mất vài giây.`,
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  connect: 'Kết nối',
  reconnect: 'Kết nối lại',
  errorLabel: 'Lỗi',
  errorTitle: (name) =>
    ({ TokenExpire: 'Liên kết này không còn dùng được', ServerMaintenance: 'Hệ thống đang bảo trì', ConnectError: 'Tạm thời không kết nối được' })[name] ??
    'Đã có lỗi xảy ra',
  errorMessage: (name) =>
    ({
      TokenExpire: 'Liên kết kết nối này không hợp lệ hoặc đã được dùng. Hãy tạo một liên kết mới.',
      ServerMaintenance: 'Finsify đang bảo trì. Vui lòng thử lại sau ít phút.',
      ConnectError: 'Không kết nối được với ngân hàng lúc này. Vui lòng thử lại sau.',
    })[name] ?? 'Không thể tiếp tục kết nối. Vui lòng thử lại sau.',
  startAgain: 'Hãy đóng cửa sổ này và bắt đầu lại từ ứng dụng bạn vừa dùng.',
  credentialsTitle: 'Thông tin đăng nhập thử của sandbox',
  credentialsWarning: 'Đây là sandbox của Finsify: không liên hệ với ngân hàng thật nào. Đừng nhập thông tin đăng nhập thật.',
  credentialsHeaders: ['Tên đăng nhập', 'Mật khẩu', 'Kết quả'],
  credentialOutcome: (outcome, maxWrong) =>
    ({
      success: 'Kết nối ngay: trạng thái "success" kèm login_id và secret.',
      wrong_password: `Báo "sai tên đăng nhập hoặc mật khẩu"; thử lại ngay trên trang. Sau ${maxWrong} lần sai, luồng kết thúc với trạng thái "login_wrong_credentials".`,
      login_account_locked: 'Ngân hàng báo tài khoản bị khóa: trạng thái "login_account_locked".',
      login_password_expired: 'Ngân hàng báo mật khẩu đã hết hạn: trạng thái "login_password_expired".',
      slow_success: 'Ngân hàng phản hồi chậm: chờ vài giây rồi kết nối với trạng thái "success".',
    })[outcome],
  cancelRow: ['Nút Hủy', 'Kết thúc luồng với trạng thái "cancel".'],
  footer: 'Finsify Sandbox · bản mô phỏng ngoại tuyến của Finsify API v2',
};

const TEXTS: Readonly<Record<PageLocale, PageText>> = { en: EN, vi: VI };

/** The connect pages' texts in `locale`. */
export function pageText(locale: PageLocale): PageText {
  return TEXTS[locale];
}
