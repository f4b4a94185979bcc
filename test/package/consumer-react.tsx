// A partner's React 19 code against the BUILT finsify-connect/react declarations.
import { useRef } from 'react';
import { FinsifyConnect, FinsifyServicePicker, type FinsifyConnectElement, type FinsifyConnectProps } from 'finsify-connect/react';
import type { FinsifyErrorEvent } from 'finsify-connect';

export function Wrapped() {
  const ref = useRef<FinsifyConnectElement>(null);
  return (
    <FinsifyConnect ref={ref} tokenUrl="/finsify/token" mode="popup" onSuccess={(event) => event.detail.login_id.toFixed()} onExit={(event) => event.detail.reason}>
      <FinsifyServicePicker catalogUrl="/finsify/service.json" country="VN" onServiceSelect={(event) => event.detail.service.name} />
    </FinsifyConnect>
  );
}

export function Plain() {
  return (
    <finsify-connect token-url="/finsify/token" onfinsify-success={(event) => event.detail.login_id.toFixed()}>
      <finsify-service-picker country="VN" onfinsify-service-select={(event) => event.detail.service.id} />
    </finsify-connect>
  );
}

// @ts-expect-error: onSuccess receives a FinsifySuccessEvent
export const badHandler: FinsifyConnectProps = { onSuccess: (event: FinsifyErrorEvent) => event.detail.message.length };
// @ts-expect-error: serviceId is a number
export const badProp = <finsify-connect serviceId="8" />;
