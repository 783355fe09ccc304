package net.evroclabs.run.networkpolicy;

import java.util.List;

/** The inputs most tests share. */
final class Fixtures {

  static final ApiServer API_SERVER =
      new ApiServer(
          List.of(Cidr.parse("172.18.0.2/32"), Cidr.parse("172.18.0.3/32")), List.of(6443));

  static final SystemTopology SYSTEM = SystemTopology.defaults(API_SERVER);

  private Fixtures() {}
}
