/**
 * `kubectl describe endpoints` and `kubectl describe endpointslices` (kubectl/pkg/describe/describe.go
 * describeEndpoints, describeEndpointSliceV1).
 */
import type { EndpointSlice, K8sObject } from '../model/types.ts';
import { objectEvents, printObjectHeader, writeEvents } from './describe-common.ts';
import type { AppsDescriber } from './describe-apps.ts';
import { tabbedString } from './describe-writer.ts';

interface EndpointAddressLike {
  ip?: string;
}
interface EndpointSubsetLike {
  addresses?: EndpointAddressLike[];
  notReadyAddresses?: EndpointAddressLike[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

/** A subset's addresses as describeEndpoints joins them (`<none>` for none). */
function ips(list: EndpointAddressLike[] | undefined): string {
  return (list ?? []).map((a) => a.ip ?? '').join(',') || '<none>';
}

/** describeEndpoints: per subset its ready and not-ready IPs and its ports. */
export const describeEndpoints: AppsDescriber = (ctx, obj, settings) => {
  const subsets = (obj['subsets'] as EndpointSubsetLike[] | undefined) ?? [];
  const events = objectEvents(ctx, obj, settings.showEvents);
  return tabbedString((w) => {
    printObjectHeader(w, obj);
    w.write(0, 'Subsets:\n');
    for (const subset of subsets) {
      w.write(1, `Addresses:\t${ips(subset.addresses)}\n`);
      w.write(1, `NotReadyAddresses:\t${ips(subset.notReadyAddresses)}\n`);
      if ((subset.ports ?? []).length > 0) {
        w.write(1, 'Ports:\n');
        w.write(2, 'Name\tPort\tProtocol\n');
        w.write(2, '----\t----\t--------\n');
        for (const port of subset.ports ?? []) w.write(2, `${port.name || '<unset>'}\t${port.port ?? 0}\t${port.protocol ?? 'TCP'}\n`);
      }
      w.write(0, '\n');
    }
    writeEvents(ctx, w, events);
  });
};

/** describeEndpointSliceV1: the address type, the ports and each endpoint with its conditions. */
export const describeEndpointSlice: AppsDescriber = (ctx, obj: K8sObject, settings) => {
  const slice = obj as EndpointSlice;
  const events = objectEvents(ctx, obj, settings.showEvents);
  return tabbedString((w) => {
    printObjectHeader(w, slice);
    w.write(0, `AddressType:\t${slice.addressType ?? ''}\n`);
    const ports = slice.ports ?? [];
    if (ports.length === 0) w.write(0, 'Ports: <unset>\n');
    else {
      w.write(0, 'Ports:\n');
      w.write(1, 'Name\tPort\tProtocol\n');
      w.write(1, '----\t----\t--------\n');
      for (const port of ports) w.write(1, `${port.name || '<unset>'}\t${port.port === undefined ? '<unset>' : String(port.port)}\t${port.protocol ?? 'TCP'}\n`);
    }
    const endpoints = slice.endpoints ?? [];
    if (endpoints.length === 0) w.write(0, 'Endpoints: <none>\n');
    else {
      w.write(0, 'Endpoints:\n');
      for (const ep of endpoints) {
        w.write(1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`);
        w.write(2, 'Conditions:\n');
        w.write(3, `Ready:\t${ep.conditions?.ready === undefined ? '<unset>' : String(ep.conditions.ready)}\n`);
        w.write(2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`);
        if (ep.targetRef) w.write(2, `TargetRef:\t${ep.targetRef.kind ?? ''}/${ep.targetRef.name ?? ''}\n`);
        w.write(2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`);
        w.write(2, `Zone:\t${(ep as { zone?: string }).zone ?? '<unset>'}\n`);
      }
    }
    writeEvents(ctx, w, events);
  });
};
