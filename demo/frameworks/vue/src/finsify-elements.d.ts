// Types for the two tags in Vue templates (checked by vue-tsc and Volar): attributes and props,
// and `@finsify-*` handlers with their event types. Copy this file into your app.
import type { DefineComponent } from 'vue';
import type {
  FinsifyCatalogErrorEvent,
  FinsifyCatalogLoadEvent,
  FinsifyConnectProperties,
  FinsifyErrorEvent,
  FinsifyExitEvent,
  FinsifyFlowEvent,
  FinsifyOpenEvent,
  FinsifyServicePickerProperties,
  FinsifyServiceSelectEvent,
  FinsifySuccessEvent,
} from 'finsify-connect';

type PickerProps = Partial<FinsifyServicePickerProperties> & {
  onFinsifyServiceSelect?: (event: FinsifyServiceSelectEvent) => void;
  onFinsifyCatalogLoad?: (event: FinsifyCatalogLoadEvent) => void;
  onFinsifyCatalogError?: (event: FinsifyCatalogErrorEvent) => void;
};

type ConnectProps = Partial<FinsifyConnectProperties> & {
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
