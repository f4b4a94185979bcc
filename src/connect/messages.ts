import type { MessageBundle } from '../i18n/localize.js';

/**
 * Every text `<finsify-connect>` shows; partners can override any of them with the `strings`
 * property. The button's `{name}` is the service's name, else `yourBank`.
 */
export type ConnectMessageKey =
  | 'connect'
  | 'reconnect'
  | 'connecting'
  | 'yourBank'
  | 'statusPopup'
  | 'statusRestart'
  | 'statusWaiting'
  | 'startAgain'
  | 'statusChooseFirst'
  | 'statusSuccess'
  | 'statusStopped'
  | 'errorPopupBlocked'
  | 'errorExpired'
  | 'errorUnavailable'
  | 'errorGeneric';

export const connectMessages: MessageBundle<ConnectMessageKey> = {
  en: {
    connect: 'Connect {name}',
    reconnect: 'Reconnect {name}',
    connecting: 'Connecting {name}…',
    yourBank: 'your bank',
    statusPopup: 'Finish connecting in the window that opened.',
    statusRestart: 'Closed it? Press the button to start again.',
    statusWaiting: "Still connecting in the other window? When you're done, it finishes here.",
    startAgain: 'Start again',
    statusChooseFirst: 'Choose your bank first.',
    statusSuccess: 'Connected.',
    statusStopped: 'Connecting did not finish. You can try again.',
    errorPopupBlocked: 'The pop-up was blocked. Allow pop-ups for this site and try again.',
    errorExpired: 'The session expired. Please try again.',
    errorUnavailable: 'Connecting is unavailable right now. Please try again later.',
    errorGeneric: 'Something went wrong. Please try again.',
  },
  vi: {
    connect: 'Kết nối {name}',
    reconnect: 'Kết nối lại {name}',
    connecting: 'Đang kết nối {name}…',
    yourBank: 'ngân hàng của bạn',
    statusPopup: 'Hãy hoàn tất kết nối trong cửa sổ vừa mở.',
    statusRestart: 'Đã đóng cửa sổ? Nhấn nút để bắt đầu lại.',
    statusWaiting: 'Bạn vẫn đang kết nối ở cửa sổ kia? Khi xong, kết quả sẽ hiện ở đây.',
    startAgain: 'Bắt đầu lại',
    statusChooseFirst: 'Hãy chọn ngân hàng trước.',
    statusSuccess: 'Đã kết nối.',
    statusStopped: 'Kết nối chưa hoàn tất. Bạn có thể thử lại.',
    errorPopupBlocked: 'Cửa sổ bật lên bị chặn. Hãy cho phép cửa sổ bật lên trên trang này rồi thử lại.',
    errorExpired: 'Phiên đã hết hạn. Vui lòng thử lại.',
    errorUnavailable: 'Tạm thời chưa thể kết nối. Vui lòng thử lại sau.',
    errorGeneric: 'Đã xảy ra lỗi. Vui lòng thử lại.',
  },
};
