import type { FinsifyConnect } from './connect/finsify-connect.js';
import type { FinsifyServicePicker } from './picker/service-picker.js';

/**
 * The public properties of `<finsify-service-picker>` a framework may bind, for typing the tag in
 * templates (React's JSX types, Vue's `GlobalComponents`, …): one list for every framework.
 */
export type FinsifyServicePickerProperties = Pick<
  FinsifyServicePicker,
  'catalogUrl' | 'services' | 'country' | 'type' | 'query' | 'locale' | 'theme' | 'strings' | 'catalogTimeout' | 'label' | 'selected' | 'disabled'
>;

/** The public properties of `<finsify-connect>` a framework may bind; see {@link FinsifyServicePickerProperties}. */
export type FinsifyConnectProperties = Pick<
  FinsifyConnect,
  | 'tokenUrl'
  | 'tokenProvider'
  | 'tokenHeaders'
  | 'serviceId'
  | 'serviceName'
  | 'loginId'
  | 'mode'
  | 'timeout'
  | 'tokenTimeout'
  | 'closedGracePeriod'
  | 'connectOrigins'
  | 'locale'
  | 'theme'
  | 'strings'
>;
