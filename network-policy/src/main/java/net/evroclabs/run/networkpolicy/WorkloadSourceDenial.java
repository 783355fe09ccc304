package net.evroclabs.run.networkpolicy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The gateway-side half of isolation: requests whose source address is in a workload pod range are
 * refused, so services cannot reach each other through the gateway's internal address.
 *
 * @param policyName name of the RBAC policy (shows in Envoy's {@code rbac} stats and logs)
 * @param cidrs the pod address ranges workloads run in; when empty, nothing is refused
 */
public record WorkloadSourceDenial(String policyName, List<Cidr> cidrs) {

  public static final String DEFAULT_POLICY_NAME = "deny-workload-sources";

  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public WorkloadSourceDenial {
    Checks.present("policyName", policyName);
    if (policyName.length() > 63 || !POLICY_NAME.matcher(policyName).matches()) {
      throw new IllegalArgumentException(
          "policyName = \""
              + policyName
              + "\", must be at most 63 lower-case letters, digits and '-'");
    }
    Checks.present("cidrs", cidrs);
    for (int i = 0; i < cidrs.size(); i++) {
      Checks.present("cidrs[" + i + "]", cidrs.get(i));
    }
    cidrs = List.copyOf(cidrs);
  }

  public static WorkloadSourceDenial of(List<Cidr> cidrs) {
    return new WorkloadSourceDenial(DEFAULT_POLICY_NAME, cidrs);
  }
}
