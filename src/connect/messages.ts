import type { MessageBundle } from '../i18n/localize.js';

/** Every text `<finsify-connect>` shows; partners can override any of them with the `messages` property. */
export type ConnectMessageKey =
  | 'connectNamed'
  | 'connectGeneric'
  | 'reconnectNamed'
  | 'reconnectGeneric'
  | 'connectingNamed'
  | 'connectingGeneric'
  | 'popupNote'
  | 'statusPopup'
  | 'statusRedirect'
  | 'statusChooseFirst'
  | 'statusSuccess'
  | 'statusCancelled'
  | 'statusClosed'
  | 'statusTimeout'
  | 'errorPopupBlocked'
  | 'errorExpired'
  | 'errorUnavailable'
  | 'errorFailed'
  | 'errorGeneric';

export const connectMessages: MessageBundle<ConnectMessageKey> = {
  en: {
    connectNamed: 'Connect {name}',
    connectGeneric: 'Connect your bank',
    reconnectNamed: 'Reconnect {name}',
    reconnectGeneric: 'Reconnect your bank',
    connectingNamed: 'Connecting {name}…',
    connectingGeneric: 'Connecting…',
    popupNote: 'Connecting…',
    statusPopup: 'Finish connecting in the window that opened.',
    statusRedirect: 'Taking you to the connection page…',
    statusChooseFirst: 'Choose your bank first.',
    statusSuccess: 'Connected.',
    statusCancelled: 'Connecting was cancelled.',
    statusClosed: 'The window was closed before connecting finished.',
    statusTimeout: 'Connecting took too long. Please try again.',
    errorPopupBlocked: 'Your browser blocked the connection window. Allow pop-ups for this site and try again.',
    errorExpired: 'The session expired. Please try again.',
    errorUnavailable: 'The bank connection service is unavailable right now. Please try again later.',
    errorFailed: 'The bank could not be connected. Please try again.',
    errorGeneric: 'Something went wrong. Please try again.',
  },
  vi: {
    connectNamed: 'Kết nối {name}',
    connectGeneric: 'Kết nối ngân hàng của bạn',
    reconnectNamed: 'Kết nối lại {name}',
    reconnectGeneric: 'Kết nối lại ngân hàng của bạn',
    connectingNamed: 'Đang kết nối {name}…',
    connectingGeneric: 'Đang kết nối…',
    popupNote: 'Đang kết nối…',
    statusPopup: 'Hãy hoàn tất kết nối trong cửa sổ vừa mở.',
    statusRedirect: 'Đang chuyển đến trang kết nối…',
    statusChooseFirst: 'Hãy chọn ngân hàng trước.',
    statusSuccess: 'Đã kết nối.',
    statusCancelled: 'Đã hủy kết nối.',
    statusClosed: 'Cửa sổ đã đóng trước khi kết nối xong.',
    statusTimeout: 'Kết nối mất quá nhiều thời gian. Vui lòng thử lại.',
    errorPopupBlocked: 'Trình duyệt đã chặn cửa sổ kết nối. Hãy cho phép cửa sổ bật lên trên trang này rồi thử lại.',
    errorExpired: 'Phiên đã hết hạn. Vui lòng thử lại.',
    errorUnavailable: 'Dịch vụ kết nối ngân hàng tạm thời không khả dụng. Vui lòng thử lại sau.',
    errorFailed: 'Không thể kết nối ngân hàng. Vui lòng thử lại.',
    errorGeneric: 'Đã xảy ra lỗi. Vui lòng thử lại.',
  },
};
