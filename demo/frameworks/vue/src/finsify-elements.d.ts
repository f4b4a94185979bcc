// Types for the two tags in Vue templates (checked by vue-tsc and Volar): attributes and props,
// and `@finsify-*` handlers with their event types. Copy this file into your app.
import type { DefineComponent } from 'vue';
import type {
  FinsifyCatalogErrorEvent,
  FinsifyCatalogLoadEvent,
  FinsifyConnect,
  FinsifyErrorEvent,
  FinsifyExitEvent,
  FinsifyFlowEvent,
  FinsifyOpenEvent,
  FinsifyServicePicker,
  FinsifyServiceSelectEvent,
  FinsifySuccessEvent,
} from 'finsify-connect';

type PickerProps = Partial<Pick<FinsifyServicePicker, 'catalogUrl' | 'services' | 'country' | 'type' | 'query' | 'locale' | 'theme' | 'strings' | 'catalogTimeout' | 'label' | 'selected' | 'disabled'>> & {
  onFinsifyServiceSelect?: (event: FinsifyServiceSelectEvent) => void;
  onFinsifyCatalogLoad?: (event: FinsifyCatalogLoadEvent) => void;
  onFinsifyCatalogError?: (event: FinsifyCatalogErrorEvent) => void;
};

type ConnectProps = Partial<Pick<FinsifyConnect, 'tokenUrl' | 'tokenProvider' | 'tokenHeaders' | 'serviceId' | 'serviceName' | 'loginId' | 'mode' | 'timeout' | 'locale' | 'theme' | 'strings'>> & {
  onFinsifyOpen?: (event: FinsifyOpenEvent) => void;
  onFinsifySuccess?: (event: FinsifySuccessEvent) => void;
  onFinsifyError?: (event: FinsifyErrorEvent) => void;
  onFinsifyExit?: (event: FinsifyExitEvent) => void;
  onFinsifyEvent?: (event: FinsifyFlowEvent) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'finsify-service-picker': DefineComponent<PickerProps>;
    'finsify-connect': DefineComponent<ConnectProps>;
  }
}
