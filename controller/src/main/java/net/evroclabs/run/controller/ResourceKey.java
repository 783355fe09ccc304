package net.evroclabs.run.controller;

import java.util.Objects;

/** A namespaced resource's namespace and name; {@code toString} is {@code namespace/name}. */
public record ResourceKey(String namespace, String name) {

  public ResourceKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
