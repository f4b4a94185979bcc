import type { MessageBundle } from '../i18n/localize.js';

/**
 * Every text `<finsify-connect>` shows; partners can override any of them with the `strings`
 * property. `{name}` is the service's name, else `yourBank`. The README's table says which
 * outcome shows which text.
 */
export type ConnectMessageKey =
  | 'connect'
  | 'reconnect'
  | 'connecting'
  | 'connectAnother'
  | 'connectMore'
  | 'reconnected'
  | 'yourBank'
  | 'statusPopup'
  | 'statusWaiting'
  | 'startAgain'
  | 'statusChooseFirst'
  | 'statusSuccess'
  | 'statusStopped'
  | 'statusCancelled'
  | 'statusTimeout'
  | 'errorWrongPassword'
  | 'errorLocked'
  | 'errorPasswordExpired'
  | 'errorPopupBlocked'
  | 'errorExpired'
  | 'errorUnavailable'
  | 'errorSetup'
  | 'errorGeneric';

export const connectMessages: MessageBundle<ConnectMessageKey> = {
  en: {
    connect: 'Connect {name}',
    reconnect: 'Reconnect {name}',
    connecting: 'Connecting {name}…',
    connectAnother: 'Connect another bank',
    connectMore: 'Connect another account',
    reconnected: 'Reconnected',
    yourBank: 'your bank',
    statusPopup: 'Finish connecting in the window that opened.',
    statusWaiting: "Still connecting in the other window? When you're done, it finishes here.",
    startAgain: 'Start again',
    statusChooseFirst: 'Choose your bank first.',
    statusSuccess: '{name} is connected.',
    statusStopped: 'Connecting did not finish. You can try again.',
    statusCancelled: 'Cancelled. You can start again.',
    statusTimeout: 'Time ran out. Please try again.',
    errorWrongPassword: 'Wrong username or password. Please check and try again.',
    errorLocked: 'Your account is locked. Please contact {name} to unlock it.',
    errorPasswordExpired: 'Your password has expired. Change it at {name}, then reconnect.',
    errorPopupBlocked: 'The pop-up was blocked. Allow pop-ups for this site and try again.',
    errorExpired: 'The session expired. Please try again.',
    errorUnavailable: 'Connecting is unavailable right now. Please try again later.',
    errorSetup: 'Connecting is not set up right. Please contact support.',
    errorGeneric: 'Could not connect {name}. Please try again.',
  },
  vi: {
    connect: 'Kết nối {name}',
    reconnect: 'Kết nối lại {name}',
    connecting: 'Đang kết nối {name}…',
    connectAnother: 'Kết nối ngân hàng khác',
    connectMore: 'Kết nối thêm tài khoản',
    reconnected: 'Đã kết nối lại',
    yourBank: 'ngân hàng của bạn',
    statusPopup: 'Hãy hoàn tất kết nối trong cửa sổ vừa mở.',
    statusWaiting: 'Bạn vẫn đang kết nối ở cửa sổ kia? Khi xong, kết quả sẽ hiện ở đây.',
    startAgain: 'Bắt đầu lại',
    statusChooseFirst: 'Hãy chọn ngân hàng trước.',
    statusSuccess: 'Đã kết nối {name}.',
    statusStopped: 'Kết nối chưa hoàn tất. Bạn có thể thử lại.',
    statusCancelled: 'Đã hủy. Bạn có thể bắt đầu lại.',
    statusTimeout: 'Đã hết thời gian chờ. Vui lòng thử lại.',
    errorWrongPassword: 'Sai tên đăng nhập hoặc mật khẩu. Vui lòng kiểm tra và thử lại.',
    errorLocked: 'Tài khoản đã bị khóa. Vui lòng liên hệ {name} để mở khóa.',
    errorPasswordExpired: 'Mật khẩu đã hết hạn. Vui lòng đổi mật khẩu tại {name} rồi kết nối lại.',
    errorPopupBlocked: 'Cửa sổ bật lên bị chặn. Hãy cho phép cửa sổ bật lên trên trang này rồi thử lại.',
    errorExpired: 'Phiên đã hết hạn. Vui lòng thử lại.',
    errorUnavailable: 'Tạm thời chưa thể kết nối. Vui lòng thử lại sau.',
    errorSetup: 'Kết nối chưa được thiết lập đúng. Vui lòng liên hệ bộ phận hỗ trợ.',
    errorGeneric: 'Không kết nối được {name}. Vui lòng thử lại.',
  },
};
