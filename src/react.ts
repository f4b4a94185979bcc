/**
 * `finsify-connect/react`: React components for both elements, with their events as `onX`
 * props, and JSX types for the plain tags. Importing it registers the elements.
 *
 * React 19 also runs the plain tags (`<finsify-connect onfinsify-success={...}>`): the types below
 * cover that use; the components add camel-case event props and work on React 18 as well.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { FinsifyServicePicker as FinsifyServicePickerElement } from './picker.js';
import { FinsifyConnect as FinsifyConnectElement } from './connect.js';
import type { FinsifyConnectProperties, FinsifyServicePickerProperties } from './element-properties.js';
import type {
  FinsifyCatalogErrorEvent,
  FinsifyCatalogLoadEvent,
  FinsifyErrorEvent,
  FinsifyExitEvent,
  FinsifyFlowEvent,
  FinsifyOpenEvent,
  FinsifyServiceSelectEvent,
  FinsifySuccessEvent,
} from './events.js';

/** `<finsify-service-picker>` as a React component. */
export const FinsifyServicePicker = createComponent({
  tagName: 'finsify-service-picker',
  elementClass: FinsifyServicePickerElement,
  react: React,
  displayName: 'FinsifyServicePicker',
  events: {
    onServiceSelect: 'finsify-service-select' as EventName<FinsifyServiceSelectEvent>,
    onCatalogLoad: 'finsify-catalog-load' as EventName<FinsifyCatalogLoadEvent>,
    onCatalogError: 'finsify-catalog-error' as EventName<FinsifyCatalogErrorEvent>,
  },
});

/** `<finsify-connect>` as a React component. */
export const FinsifyConnect = createComponent({
  tagName: 'finsify-connect',
  elementClass: FinsifyConnectElement,
  react: React,
  displayName: 'FinsifyConnect',
  events: {
    onOpen: 'finsify-open' as EventName<FinsifyOpenEvent>,
    onSuccess: 'finsify-success' as EventName<FinsifySuccessEvent>,
    onError: 'finsify-error' as EventName<FinsifyErrorEvent>,
    onExit: 'finsify-exit' as EventName<FinsifyExitEvent>,
    onEvent: 'finsify-event' as EventName<FinsifyFlowEvent>,
  },
});

export type FinsifyServicePickerProps = React.ComponentProps<typeof FinsifyServicePicker>;
export type FinsifyConnectProps = React.ComponentProps<typeof FinsifyConnect>;
export { FinsifyServicePickerElement, FinsifyConnectElement };
export type * from './events.js';

/** What React passes to any element, plus `ref` to the element itself. */
type BaseProps<E extends HTMLElement> = React.DetailedHTMLProps<React.HTMLAttributes<E>, E>;

/** Element properties React 19 sets as properties (objects, functions, numbers stay typed). */
type PickerProperties = FinsifyServicePickerProperties;
type ConnectProperties = FinsifyConnectProperties;

/** Props of the plain `<finsify-service-picker>` tag in React 19 JSX; events as `onfinsify-…`. */
export interface FinsifyServicePickerJSXProps extends Omit<BaseProps<FinsifyServicePickerElement>, keyof PickerProperties>, Partial<PickerProperties> {
  'onfinsify-service-select'?: (event: FinsifyServiceSelectEvent) => void;
  'onfinsify-catalog-load'?: (event: FinsifyCatalogLoadEvent) => void;
  'onfinsify-catalog-error'?: (event: FinsifyCatalogErrorEvent) => void;
}

/** Props of the plain `<finsify-connect>` tag in React 19 JSX; events as `onfinsify-…`. */
export interface FinsifyConnectJSXProps extends Omit<BaseProps<FinsifyConnectElement>, keyof ConnectProperties>, Partial<ConnectProperties> {
  'onfinsify-open'?: (event: FinsifyOpenEvent) => void;
  'onfinsify-success'?: (event: FinsifySuccessEvent) => void;
  'onfinsify-error'?: (event: FinsifyErrorEvent) => void;
  'onfinsify-exit'?: (event: FinsifyExitEvent) => void;
  'onfinsify-event'?: (event: FinsifyFlowEvent) => void;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'finsify-service-picker': FinsifyServicePickerJSXProps;
      'finsify-connect': FinsifyConnectJSXProps;
    }
  }
}
