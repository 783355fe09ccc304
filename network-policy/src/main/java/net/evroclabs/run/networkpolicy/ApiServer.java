package net.evroclabs.run.networkpolicy;

import java.util.List;

/**
 * Where the Kubernetes API server is, as NetworkPolicy sees it: the addresses and ports of the
 * {@code kubernetes} Service's endpoints ({@code kubectl get endpointslices -l
 * kubernetes.io/service-name=kubernetes}), not its cluster IP.
 *
 * @param cidrs the endpoint addresses, usually one {@code /32} per control-plane node
 * @param ports the endpoint ports, usually 6443 or 443
 */
public record ApiServer(List<Cidr> cidrs, List<Integer> ports) {

  public ApiServer {
    Checks.present("apiServer.cidrs", cidrs);
    if (cidrs.isEmpty()) {
      throw new IllegalArgumentException(
          "apiServer.cidrs = [], must list the API server's endpoint addresses");
    }
    cidrs = List.copyOf(cidrs);
    ports = Checks.ports("apiServer.ports", ports);
  }
}
